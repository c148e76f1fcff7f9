import { invalid } from './chat-request.js';
import { newId } from './stored-records.js';

type Json = Record<string, unknown>;

const ID_PREFIX: Readonly<Record<string, string>> = { message: 'msg', function_call: 'fc', function_call_output: 'fco', reasoning: 'rs', item_reference: 'ref' };
const ROLES = new Set(['user', 'assistant', 'system', 'developer']);

/**
 * Items as the Responses and Conversations APIs keep them: a string input is one user message,
 * a message's text content becomes content parts (`input_text`, or `output_text` for the
 * assistant), and each item has an id (its own, or a new one).
 */
export function storedItemsOf(input: unknown, param: string): Json[] {
  if (typeof input === 'string') return input ? [messageOf({ role: 'user', content: input })] : [];
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw invalid(`\`${param}\` must be text or a list of items`, param);
  return input.map((raw, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid(`${param}[${i}] must be an item object`, `${param}[${i}]`);
    const item = raw as Json;
    const type = item.type ?? 'message';
    if (typeof type !== 'string' || !ID_PREFIX[type]) throw invalid(`${param}[${i}]: items of type ${String(type)} are not supported by this server`, `${param}[${i}]`);
    if (type === 'message') {
      if (!ROLES.has(String(item.role))) throw invalid(`${param}[${i}].role must be user, assistant, system or developer`, `${param}[${i}].role`);
      return messageOf(item);
    }
    return { ...item, id: typeof item.id === 'string' && item.id ? item.id : newId(ID_PREFIX[type]) };
  });
}

function messageOf(item: Json): Json {
  const kind = item.role === 'assistant' ? 'output_text' : 'input_text';
  const content = typeof item.content === 'string' ? [{ type: kind, text: item.content }] : item.content;
  return { ...item, type: 'message', id: typeof item.id === 'string' && item.id ? item.id : newId('msg'), status: item.status ?? 'completed', content };
}
