import type { ChatRequest, ToolChoice } from '../../ground/types.js';

type Json = Record<string, unknown>;

/**
 * Gemini's `tools` and `toolConfig` (googleapis/js-genai src/types.ts: Tool.functionDeclarations,
 * FunctionDeclaration, ToolConfig.functionCallingConfig, FunctionCallingConfigMode).
 *
 * A tool's schema goes in `parametersJsonSchema`, not `parameters`: `parameters` takes only
 * Google's OpenAPI subset (vercel/ai packages/google/src/convert-json-schema-to-openapi-schema.ts
 * rewrites every schema for it), while `parametersJsonSchema` takes JSON Schema as it is, which
 * is what an MCP server sends (`$schema`, `additionalProperties`, `anyOf`…). google-gemini/gemini-cli
 * packages/core/src/tools/mcp-client.ts declares MCP tools the same way.
 */
export function geminiToolFields(req: ChatRequest): Json {
  if (!req.tools?.length) return {};
  const functionDeclarations = req.tools.map((tool) => ({ name: tool.name, description: tool.description, parametersJsonSchema: tool.parameters }));
  const fields: Json = { tools: [{ functionDeclarations }] };
  if (req.toolChoice !== undefined) fields.toolConfig = { functionCallingConfig: functionCallingConfig(req.toolChoice) };
  return fields;
}

/** auto → AUTO, none → NONE, required → ANY, one tool → ANY limited to its name (as vercel/ai google-prepare-tools.ts). */
function functionCallingConfig(choice: ToolChoice): Json {
  if (choice === 'auto') return { mode: 'AUTO' };
  if (choice === 'none') return { mode: 'NONE' };
  if (choice === 'required') return { mode: 'ANY' };
  return { mode: 'ANY', allowedFunctionNames: [choice.name] };
}
