import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ImageInput } from '../ground/types.js';
import { looksSecret, type ElicitationField, type McpHost, type SamplingRequest } from './mcp-host.js';

type Sdk = typeof import('@modelcontextprotocol/sdk/types.js');

/** What the client offers every server: the same for all, so a server's tool list never depends on the run. */
export const CLIENT_CAPABILITIES = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } } as const;

/**
 * The requests a server may send us: sampling, elicitation and roots, each answered through
 * `host` (cli/ asks the user there) or declined when the host has no answer for it.
 */
export function answerServerRequests(client: Client, sdk: Sdk, server: string, host: McpHost): void {
  client.setRequestHandler(sdk.ListRootsRequestSchema, async () => ({
    roots: (host.roots?.() ?? []).map((folder) => ({ uri: pathToFileURL(folder).href, name: basename(folder) || folder })),
  }));
  client.setRequestHandler(sdk.CreateMessageRequestSchema, async (request, extra) => {
    // The specification's code for a user who rejects a sampling request is -1.
    if (!host.sample) throw new sdk.McpError(-1, 'sampling is not available in this run');
    const params = request.params;
    const sampling: SamplingRequest = {
      server,
      systemPrompt: params.systemPrompt,
      messages: params.messages.map((message) => ({ role: message.role, ...contentOf(message.content) })),
      maxTokens: params.maxTokens,
      temperature: params.temperature,
      modelHints: (params.modelPreferences?.hints ?? []).map((hint) => hint.name).filter((name): name is string => typeof name === 'string'),
    };
    const answer = await host.sample(sampling, extra.signal);
    if ('declined' in answer) throw new sdk.McpError(-1, answer.declined);
    return { role: 'assistant' as const, content: { type: 'text' as const, text: answer.text }, model: answer.model, stopReason: 'endTurn' };
  });
  client.setRequestHandler(sdk.ElicitRequestSchema, async (request, extra) => {
    if (!host.elicit) return { action: 'decline' as const };
    const params = request.params as { mode?: string; message: string; url?: string; requestedSchema?: unknown };
    if (params.mode === 'url') return host.elicit({ server, mode: 'url', message: params.message, url: String(params.url) }, extra.signal);
    return host.elicit({ server, mode: 'form', message: params.message, fields: formFields(params.requestedSchema) }, extra.signal);
  });
}

/** A sampling message's content (one block or a list): its text and its images; audio and others named. */
function contentOf(content: unknown): { text: string; images: ImageInput[] } {
  const blocks = (Array.isArray(content) ? content : [content]) as Array<{ type?: string; text?: string; data?: string; mimeType?: string }>;
  const texts: string[] = [];
  const images: ImageInput[] = [];
  for (const block of blocks) {
    if (block?.type === 'text') texts.push(String(block.text ?? ''));
    else if (block?.type === 'image' && typeof block.data === 'string') images.push({ mediaType: String(block.mimeType), data: block.data });
    else texts.push(`[${String(block?.type)} ${block?.mimeType ?? ''}]`.replace(' ]', ']'));
  }
  return { text: texts.join('\n'), images };
}

/** The form's fields from `requestedSchema` (flat properties only, as the specification restricts it). */
export function formFields(schema: unknown): ElicitationField[] {
  const s = (schema ?? {}) as { properties?: Record<string, Record<string, unknown>>; required?: unknown };
  const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
  return Object.entries(s.properties ?? {}).map(([name, p]) => {
    const type = p.type === 'number' || p.type === 'integer' || p.type === 'boolean' || p.type === 'array' ? p.type : 'string';
    const title = typeof p.title === 'string' ? p.title : undefined;
    const description = typeof p.description === 'string' ? p.description : undefined;
    // A multi-select's choices are those of its items.
    const choices = choicesOf(type === 'array' ? ((p.items ?? {}) as Record<string, unknown>) : p);
    const fallback = p.default;
    const count = (x: unknown) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 ? x : undefined);
    return {
      name,
      type,
      title,
      description,
      required: required.has(name),
      ...(typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean' ? { default: fallback } : {}),
      ...(Array.isArray(fallback) && fallback.every((v) => typeof v === 'string') ? { default: fallback as string[] } : {}),
      ...(choices?.length ? { choices } : {}),
      ...(type === 'array' && count(p.minItems) !== undefined ? { minItems: count(p.minItems) } : {}),
      ...(type === 'array' && count(p.maxItems) !== undefined ? { maxItems: count(p.maxItems) } : {}),
      secretLooking: looksSecret(name, title, description) || p.format === 'password' || p.writeOnly === true,
    };
  });
}

/** Allowed values: `enum` (with the legacy `enumNames`), or `oneOf`/`anyOf` of `const` with `title`. */
function choicesOf(p: Record<string, unknown>): Array<{ value: string; title: string }> | undefined {
  if (Array.isArray(p.enum)) return p.enum.map((value, i) => ({ value: String(value), title: Array.isArray(p.enumNames) && typeof p.enumNames[i] === 'string' ? p.enumNames[i] : String(value) }));
  const options = Array.isArray(p.oneOf) ? p.oneOf : Array.isArray(p.anyOf) ? p.anyOf : undefined;
  return options
    ?.filter((o: { const?: unknown } | undefined) => o && o.const !== undefined)
    .map((o: { const?: unknown; title?: unknown }) => ({ value: String(o.const), title: typeof o.title === 'string' ? o.title : String(o.const) }));
}
