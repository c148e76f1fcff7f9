import type { ChatRequest, Message, ResponseFormat, ToolChoice } from '../../ground/types.js';

type Json = Record<string, unknown>;

/**
 * The tool, structured-output and pass-through fields of an OpenAI chat-completions body
 * (openai-node src/resources/chat/completions/completions.ts: ChatCompletionFunctionTool,
 * ChatCompletionToolChoiceOption, `parallel_tool_calls`, `response_format`).
 * Pass-through fields go first so that a field g4f-chat sets itself is never overridden.
 */
export function openAIRequestFields(req: ChatRequest): Json {
  const fields: Json = { ...(req.passthrough ?? {}) };
  if (req.tools?.length) {
    fields.tools = req.tools.map((tool) => ({ type: 'function', function: { name: tool.name, description: tool.description, parameters: tool.parameters } }));
    if (req.toolChoice !== undefined) fields.tool_choice = openAIToolChoice(req.toolChoice);
    if (req.parallelToolCalls !== undefined) fields.parallel_tool_calls = req.parallelToolCalls;
  }
  if (req.responseFormat) fields.response_format = openAIResponseFormat(req.responseFormat);
  return fields;
}

export function openAIToolChoice(choice: ToolChoice): unknown {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

function openAIResponseFormat(format: ResponseFormat): Json {
  if (format.type !== 'json_schema') return { type: format.type };
  return { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, ...(format.strict !== undefined ? { strict: format.strict } : {}) } };
}

/**
 * A message as OpenAI's API takes it: text alone, or text and `image_url` data URLs; an
 * assistant message with its `tool_calls` (content null when it said nothing, as the API
 * sends it back, with its `reasoning_content` where the service wants it back); a tool result as
 * `{role:"tool", tool_call_id, content}`.
 */
export function openAIMessage(message: Message, replaysReasoning = false): Json {
  if (message.role === 'tool') return { role: 'tool', tool_call_id: message.toolCallId ?? '', content: message.content };
  if (message.role === 'assistant' && message.toolCalls?.length) {
    return {
      role: 'assistant',
      content: message.content === '' ? null : message.content,
      // DeepSeek's thinking mode refuses (400) a turn with calls whose reasoning_content is missing.
      ...(replaysReasoning && message.reasoning ? { reasoning_content: message.reasoning } : {}),
      tool_calls: message.toolCalls.map((call) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } })),
    };
  }
  if (!message.images?.length) return { role: message.role, content: message.content };
  return {
    role: message.role,
    content: [{ type: 'text', text: message.content }, ...message.images.map((image) => ({ type: 'image_url', image_url: { url: `data:${image.mediaType};base64,${image.data}` } }))],
  };
}
