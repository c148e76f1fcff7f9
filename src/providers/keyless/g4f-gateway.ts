import { G4fError, HttpStatusError } from '../../ground/errors.js';
import { CpuAllowance, PROOF_OF_WORK_CPU_MS } from '../../ground/cpu-allowance.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from '../../ground/types.js';
import { bakeCakes, cakeEndpoint, isOutOfCredits } from './g4f-cake-baker.js';
import { openAICompatible } from '../openai/openai-compatible.js';

/** gpt4free's public gateways; one host for every route, overridable like every base URL. */
export const G4F_GATEWAY_HOST = 'https://g4f.space';

/** Proof-of-work spent before giving up on anonymous credits: two cakes, within the run's CPU allowance. */
const CAKES_PER_TOP_UP = 2;

/**
 * The allowance of a caller that passes none in `ctx.proofOfWork` (the chain always does,
 * one per run): one per process. However many routes of the gateway a run asks, and however
 * often, the hashing stays within PROOF_OF_WORK_CPU_MS in all.
 */
const processAllowance = new CpuAllowance(PROOF_OF_WORK_CPU_MS);

/**
 * One route of gpt4free's gateways (gpt4free/g4f.dev `workers/api-worker.js`):
 * - anonymous requests are gated by "cake" credits bound to the caller's address
 *   (`applyAnonymousCreditGate`: 402 `insufficient_credits`); on that answer g4f-chat earns
 *   credits with the operator's published proof-of-work (g4f-cake-baker.ts) and asks once more;
 * - an account key (`g4f_…`, read from G4F_SPACE_API_KEY as gpt4free's own client does) goes
 *   as `Authorization: Bearer` and skips the gate;
 * - model `auto` lets the worker pick the route's default (`DEFAULT_MODELS[server.id]`); a model
 *   outside `allowed_models` is a 400 `model_not_allowed` naming the allowed ones;
 * - anonymous POSTs are answered from a cache keyed by the body unless `cache-control` is
 *   exactly `no-cache`, so every request says so (a chat never wants another prompt's answer);
 * - `x-provider` / `x-model` echo the route and the requested model: shown as the route.
 */
export function g4fGateway(route: string, label: string, models: readonly string[]): Provider {
  const base = openAICompatible({
    id: `g4f-${route.replace(/\..*$/, '')}`,
    label: `gpt4free ${label}`,
    url: 'https://g4f.dev',
    baseURL: `${G4F_GATEWAY_HOST}/api/${route}`,
    kind: 'keyless',
    apiKeyEnv: ['G4F_SPACE_API_KEY'],
    defaultModel: 'auto',
    models: ['auto', ...models],
    extraHeaders: { 'cache-control': 'no-cache' },
    explainError: explainModelNotAllowed,
    note: `gpt4free's gateway for ${label}; anonymous use is paid in proof-of-work credits earned on this machine (g4f.dev cmd/cake-baker), or G4F_SPACE_API_KEY`,
    terms: 'anonymous credits by proof of work, bound to your address; account keys at g4f.dev/members.html',
  });
  // `auto` is the worker's pick, never a name its list holds.
  return { ...base, defaultResolvedByServer: true, stream: (req, ctx) => streamWithCredits(base, req, ctx) };
}

async function* streamWithCredits(base: Provider, req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  try {
    // The gate answers before any part, so nothing was shown when it refuses.
    yield* base.stream(req, ctx);
    return;
  } catch (error) {
    if (!isOutOfCredits(error)) throw error;
    if (ctx.apiKey) throw outOfCredits(error, 'the account behind G4F_SPACE_API_KEY has no credits left');
  }
  const allowance = ctx.proofOfWork ?? processAllowance;
  if (allowance.exhausted) throw outOfCredits(undefined, `this run has spent its ${allowance.limitMs / 1000}s of CPU for proof of work`);
  yield { type: 'status', text: `${base.id}: no anonymous credits; earning some by proof of work (gpt4free's published scheme, at most ${allowance.limitMs / 1000}s of CPU per run)` };
  const baked = await bakeCakes(ctx, cakeEndpoint(ctx.baseURL), { cakes: CAKES_PER_TOP_UP, allowance }).catch((error: unknown) => {
    throw outOfCredits(error, `earning credits failed: ${(error as Error).message}`);
  });
  if (baked.baked === 0) throw outOfCredits(undefined, 'the proof of work did not finish within its time');
  yield { type: 'status', text: `${base.id}: ${baked.baked} credit${baked.baked === 1 ? '' : 's'} earned; asking again` };
  try {
    yield* base.stream(req, ctx);
  } catch (error) {
    throw isOutOfCredits(error) ? outOfCredits(error, 'still no credits after the proof of work') : error;
  }
}

function outOfCredits(cause: unknown, why: string): G4fError {
  return new G4fError(`gpt4free gateway: no credits (HTTP 402): ${why}`, {
    code: 'http_status',
    hint: 'set G4F_SPACE_API_KEY (an account key from g4f.dev/members.html), or choose another provider with -p',
    cause,
  });
}

/** The worker's 400 names the allowed models: offer them. */
function explainModelNotAllowed(error: G4fError): G4fError {
  if (!(error instanceof HttpStatusError) || error.status !== 400 || !(error.body ?? '').includes('model_not_allowed')) return error;
  const allowed = /Allowed: ([^"]*)/.exec(error.body ?? '')?.[1]?.trim();
  if (allowed) error.hint = `this route takes: ${allowed} (-m NAME), or -m auto for its default`;
  return error;
}
