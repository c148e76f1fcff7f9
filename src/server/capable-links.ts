import type { ChainLink } from '../core/chain/chain.js';
import { can } from '../ground/capabilities.js';
import type { ChatRequest } from '../ground/types.js';
import { ServeError } from './request-errors.js';

/**
 * The links of a chain that can honour everything a client asked for. A parameter `serve` does
 * not interpret goes on as given to OpenAI-compatible providers; a provider that cannot honour
 * one is left out, and when none is left the request is refused naming the parameter — it is
 * never dropped silently.
 */
export function linksHonouring(links: readonly ChainLink[], request: ChatRequest): ChainLink[] {
  let kept = [...links];
  const refuse = (param: string, what: string) =>
    new ServeError(400, `${names(links)} cannot honour \`${param}\`${what}`, 'invalid_request_error', 'unsupported_parameter', {}, param);
  const passed = Object.keys(request.passthrough ?? {}).filter((name) => !HONOURED_BY_ALL.has(name));
  if (passed.length > 0) {
    kept = kept.filter((link) => can(link.provider, 'passthrough'));
    if (kept.length === 0) throw refuse(passed[0], ': only OpenAI-compatible providers take it as given');
  }
  if (request.responseFormat && request.responseFormat.type !== 'text') {
    kept = kept.filter((link) => can(link.provider, 'response-format'));
    if (kept.length === 0) throw refuse('response_format', ': its API has no structured output');
  }
  if (request.tools?.length) {
    kept = kept.filter((link) => can(link.provider, 'tools'));
    if (kept.length === 0) throw refuse('tools', ': it takes no tools');
    // 'none' is honoured by offering no tools; a call that must happen needs a tool_choice on the wire.
    if (request.toolChoice === 'required' || typeof request.toolChoice === 'object') {
      kept = kept.filter((link) => can(link.provider, 'tool-choice'));
      if (kept.length === 0) throw refuse('tool_choice', ': its API cannot make the model call a tool');
    }
  }
  return kept;
}

/** Pass-through fields every protocol honours in its own way (the answer's length limit). */
const HONOURED_BY_ALL = new Set(['max_completion_tokens']);

const names = (links: readonly ChainLink[]) => links.map((l) => l.provider.id).join(', ') || 'the chosen provider';
