import { createHash, randomBytes } from 'node:crypto';
import { HttpStatusError, ProtocolError } from '../../ground/errors.js';
import type { CpuAllowance } from '../../ground/cpu-allowance.js';
import type { CallContext } from '../../ground/types.js';
import { parseJson } from '../../stream/ndjson-decoder.js';
import { call } from '../call.js';

/**
 * gpt4free's published proof-of-work credit scheme ("baking cakes"), exactly as its operator
 * runs it (gpt4free/g4f.dev `workers/cake-worker.js`, client ports `dist/js/cake-baker.js` and
 * `cmd/cake-baker/main.go`, which the operator ships for anyone to run):
 *   GET  <origin>/cake/issue?n=N → {uuids, difficulty, credit_cents, baked_today, limit_per_day}
 *   for each uuid: a random salt (16 bytes, hex) and the first decimal nonce such that
 *   sha256(uuid + ":" + salt + ":" + nonce) has `difficulty` leading zero bits
 *   POST <origin>/cake/bake {uuid, salt, nonce, hash} → {ok, credit_cents, baked_today}
 * Credits are bound to the address that baked them; one cake (5 credit cents at
 * 1,000 prompt tokens per cent, `CAKE_CREDIT_TOKENS_PER_CENT` in api-worker.js) covers a prompt.
 */
export interface BakeOptions {
  /** Cakes to bake at most (the worker issues at least 5 per batch; the rest expire unused). */
  cakes: number;
  /** CPU time the run may still spend hashing, shared with every other route it asks. */
  allowance: CpuAllowance;
  onProgress?(text: string): void;
}

export interface BakeResult {
  baked: number;
  /** The credit the worker reported after the last cake, in cents. */
  creditCents?: number;
}

/** A difficulty above this would take more than the budget on any machine: refused, not tried. */
const MAX_DIFFICULTY = 24;

export function cakeEndpoint(baseURL: string): string {
  return `${new URL(baseURL).origin}/cake`;
}

/** Bakes up to `options.cakes` cakes within what is left of the run's allowance; none is asked for once it is spent. */
export async function bakeCakes(ctx: CallContext, endpoint: string, options: BakeOptions): Promise<BakeResult> {
  if (options.allowance.exhausted) return { baked: 0 };
  const issue = await getJson(ctx, `${endpoint}/issue?n=${options.cakes}`);
  const uuids = Array.isArray(issue.uuids) ? issue.uuids.filter((u): u is string => typeof u === 'string') : [];
  const difficulty = typeof issue.difficulty === 'number' ? issue.difficulty : 16;
  if (uuids.length === 0) throw new ProtocolError('g4f cake worker: no uuids issued');
  if (difficulty > MAX_DIFFICULTY) throw new ProtocolError(`g4f cake worker asks for ${difficulty} bits of work, more than g4f-chat spends (${MAX_DIFFICULTY})`);
  const result: BakeResult = { baked: 0 };
  for (const uuid of uuids.slice(0, options.cakes)) {
    options.onProgress?.(`earning gpt4free credits by proof of work: cake ${result.baked + 1} of ${Math.min(options.cakes, uuids.length)}`);
    const salt = randomBytes(16).toString('hex');
    const found = await findNonce(`${uuid}:${salt}:`, difficulty, options.allowance, ctx.signal);
    if (!found) break;
    const baked = await postJson(ctx, `${endpoint}/bake`, { uuid, salt, nonce: found.nonce, hash: found.hash });
    result.baked += 1;
    if (typeof baked.credit_cents === 'number') result.creditCents = baked.credit_cents;
  }
  return result;
}

/**
 * Hashes in slices, giving the event loop a turn between them so Ctrl-C and timeouts are
 * heard. Only the slices count against the allowance: waiting for the worker costs no CPU.
 */
async function findNonce(prefix: string, bits: number, allowance: CpuAllowance, signal: AbortSignal): Promise<{ nonce: string; hash: string } | undefined> {
  for (let nonce = 0; !allowance.exhausted; ) {
    const sliceStarted = performance.now();
    try {
      for (const sliceEnd = nonce + 20_000; nonce < sliceEnd; nonce++) {
        const hash = createHash('sha256').update(prefix + nonce).digest('hex');
        if (leadingZeroBits(hash) >= bits) return { nonce: String(nonce), hash };
      }
    } finally {
      allowance.spend(performance.now() - sliceStarted);
    }
    await new Promise((resolve) => setImmediate(resolve));
    signal.throwIfAborted();
  }
  return undefined;
}

/** Leading zero bits of a hex digest, as the worker counts them. */
export function leadingZeroBits(hex: string): number {
  let bits = 0;
  for (const char of hex) {
    const nibble = parseInt(char, 16);
    if (nibble !== 0) return bits + Math.clz32(nibble) - 28;
    bits += 4;
  }
  return bits;
}

async function getJson(ctx: CallContext, url: string): Promise<Record<string, unknown>> {
  return jsonOf(await call(ctx, url, { method: 'GET', headers: { accept: 'application/json' } }).then((r) => r.text()));
}

async function postJson(ctx: CallContext, url: string, body: unknown): Promise<Record<string, unknown>> {
  const text = await call(ctx, url, { headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(body) }).then((r) => r.text());
  return jsonOf(text);
}

function jsonOf(text: string): Record<string, unknown> {
  const json = parseJson(text);
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new ProtocolError('g4f cake worker: not a JSON object');
  return json as Record<string, unknown>;
}

export const isOutOfCredits = (error: unknown): boolean =>
  error instanceof HttpStatusError && error.status === 402 && (error.body ?? '').includes('insufficient_credits');
