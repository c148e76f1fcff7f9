import { invalid, jsonObject } from './chat-request.js';
import type { ServeContext } from './serve-context.js';
import { responsesBodyOf, type ResponsesBody } from './responses-request.js';
import { storedItemsOf } from './stored-items.js';
import { loadOwned, notFound, storageOf, storeCall, type ServeStorage } from './stored-records.js';
import { ServeError } from './request-errors.js';

type Json = Record<string, unknown>;

/** What one Responses request keeps once answered. */
export interface StoredTurn {
  storage: ServeStorage;
  /** `store` (default true): the response is kept, to be fetched or continued. */
  store: boolean;
  /** This request's own input, as items with ids (GET …/input_items). */
  inputItems: Json[];
  previousResponseId?: string;
  conversationId?: string;
}

/** A chain of previous_response_id longer than this is refused rather than read without end. */
const MAX_CHAIN = 1000;

/**
 * POST /v1/responses with what is stored: the conversation before `input` comes from the
 * response it continues (`previous_response_id`: that response's input and output, and so on
 * back) or from a conversation (`conversation`); reasoning items referred to by id are looked
 * up in a shared store. Refused by name when the store does not hold what is asked for.
 */
export async function parseStoredResponses(text: string, ctx: ServeContext): Promise<ResponsesBody & { turn?: StoredTurn }> {
  const json = jsonObject(text);
  const previous = optionalId(json.previous_response_id, 'previous_response_id');
  const conversation = conversationIdOf(json.conversation);
  if (previous && conversation) throw invalid('send `previous_response_id` or `conversation`, not both', 'conversation');
  const storage = previous ? storageOf(ctx.storage, 'previous_response_id') : conversation ? storageOf(ctx.storage, 'conversation') : ctx.storage;
  if (!storage) return responsesBodyOf(json, (id) => ctx.recentReasoning.recall(id));
  const prefix = previous ? await historyOf(storage, previous) : conversation ? await conversationItems(storage, conversation) : [];
  const recalled = await recallShared(storage, json.input, ctx);
  const body = responsesBodyOf(json, (id) => recalled.get(id) ?? ctx.recentReasoning.recall(id), prefix);
  const turn: StoredTurn = { storage, store: json.store !== false, inputItems: storedItemsOf(json.input, 'input'), previousResponseId: previous, conversationId: conversation };
  return { ...body, turn };
}

function optionalId(value: unknown, param: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw invalid(`\`${param}\` must be a string`, param);
  return value;
}

/** `conversation`: its id, or `{id}` (openai-node `ResponseConversationParam`). */
function conversationIdOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && !Array.isArray(value)) return optionalId((value as { id?: unknown }).id, 'conversation.id');
  return optionalId(value, 'conversation');
}

/** The items of every response of the chain that ends at `id`, oldest first: each one's input, then its output. */
export async function historyOf(storage: ServeStorage, id: string): Promise<Json[]> {
  const chain: Json[] = [];
  for (let next: string | undefined = id; next; ) {
    if (chain.length >= MAX_CHAIN) throw invalid(`the chain of responses ending at ${id} is longer than ${MAX_CHAIN}: start a new one with the whole conversation in \`input\``, 'previous_response_id');
    const record = await loadOwned(storage, 'response', next, 'previous_response_id').catch((error: unknown) => {
      // A response further back that is gone (deleted, expired) is said by name: the conversation is not silently cut.
      if (chain.length > 0 && error instanceof ServeError && error.status === 404) throw new ServeError(404, `${chain.at(-1)!.id as string} continues ${next}, which is no longer stored: send the whole conversation in \`input\``, 'invalid_request_error', 'not_found', {}, 'previous_response_id');
      throw error;
    });
    chain.push({ id: next, ...record });
    next = record.previous_response_id as string | undefined;
  }
  return chain.reverse().flatMap((record) => [...(record.input as Json[]), ...((record.response as Json).output as Json[])]);
}

async function conversationItems(storage: ServeStorage, id: string): Promise<Json[]> {
  await loadOwned(storage, 'conversation', id, 'conversation');
  const items = await storeCall(storage.store.listItems(`conversation:${id}`));
  if (!items) throw notFound('conversation', id, 'conversation');
  return items;
}

/** Reasoning items referred to by id (`item_reference`) that another serve process sharing the store answered with. */
async function recallShared(storage: ServeStorage, input: unknown, ctx: ServeContext): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!storage.store.shared || !Array.isArray(input)) return found;
  for (const item of input as Array<{ type?: unknown; id?: unknown }>) {
    const id = item?.type === 'item_reference' && typeof item.id === 'string' ? item.id : undefined;
    if (!id || ctx.recentReasoning.recall(id) !== undefined) continue;
    const record = await loadOwned(storage, 'reasoning', id).catch((error: unknown) => {
      if (error instanceof ServeError && error.status === 404) return undefined;
      throw error;
    });
    if (typeof record?.text === 'string') found.set(id, record.text);
  }
  return found;
}

/**
 * Keeps what an answered request leaves: its items appended to its conversation, the response
 * (with its input, and the response it continues) when `store` is not false, and, in a shared
 * store, its reasoning items. Done before the client is told the response is complete, so a
 * client that continues at once finds it.
 */
export async function saveTurn(turn: StoredTurn, response: Json): Promise<void> {
  const { storage } = turn;
  const output = response.output as Json[];
  if (turn.conversationId) {
    const appended = await storeCall(storage.store.appendItems(`conversation:${turn.conversationId}`, [...turn.inputItems, ...output]));
    if (!appended) throw notFound('conversation', turn.conversationId, 'conversation');
  }
  if (turn.store) {
    await storeCall(storage.store.put(`response:${response.id as string}`, { owner: storage.owner, response, input: turn.inputItems, ...(turn.previousResponseId ? { previous_response_id: turn.previousResponseId } : {}) }));
  }
  if (!storage.store.shared) return;
  for (const item of output.filter((o) => o.type === 'reasoning')) {
    const parts = [...((item.content as Json[] | undefined) ?? []), ...((item.summary as Json[] | undefined) ?? [])];
    await storeCall(storage.store.put(`reasoning:${item.id as string}`, { owner: storage.owner, text: parts.map((p) => String(p.text ?? '')).join('') }));
  }
}
