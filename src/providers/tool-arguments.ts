type Json = Record<string, unknown>;

/**
 * A tool call's arguments text as the object the protocols that take arguments as JSON take
 * (Anthropic's `tool_use.input`, Ollama's `function.arguments`, Gemini's `functionCall.args`); `{}` when it is not a JSON object.
 */
export function argumentsObject(text: string): Json {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
  } catch {
    return {};
  }
}
