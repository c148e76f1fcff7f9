import { invalid } from './chat-request.js';

type Json = Record<string, unknown>;

/**
 * One page of a list as OpenAI's list endpoints answer (`input_items`, conversation items):
 * `order` asc or desc (the default, newest first), `limit` 1–100 (20), `after` an item id.
 * The openai SDK pages on with `after` = the last id while `has_more`.
 */
export function listPage(items: readonly Json[], query: URLSearchParams): Json {
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') throw invalid('`order` must be asc or desc', 'order');
  const limit = Number(query.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('`limit` must be an integer from 1 to 100', 'limit');
  const ordered = order === 'asc' ? [...items] : [...items].reverse();
  const after = query.get('after');
  const start = after ? ordered.findIndex((item) => item.id === after) + 1 : 0;
  if (after && start === 0) throw invalid(`\`after\`: no item ${after} in this list`, 'after');
  const data = ordered.slice(start, start + limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + limit < ordered.length };
}
