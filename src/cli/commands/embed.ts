import type { ChainLink } from '../../core/chain/chain.js';
import { shortReason } from '../../core/chain/chain-messages.js';
import { embeddingLinks, embedThroughChain } from '../../core/embed/embed-chain.js';
import { isPrivateReach } from '../../core/routing/reach.js';
import type { G4fError } from '../../ground/errors.js';
import { batchesOf, textsToEmbed } from '../embed-input.js';
import { EXIT } from '../exit-codes.js';
import { printNotice, printWarning } from '../messages.js';
import { planFromSettings } from '../plan-from-settings.js';
import { watchRunSignals } from '../process-signals.js';
import { DEFAULT_MAX_INPUT, readPipedStdin } from '../read-stdin.js';
import { reportError } from '../report-error.js';
import { loadAppContext, resolveSettings, type ChatFlags, type Settings } from '../settings.js';
import { warnInsecureKeyTransport } from '../transport-warnings.js';
import { writeJson } from '../write-json.js';

export interface EmbedFlags extends ChatFlags {
  /** --lines: one text per line of stdin, one JSON array per line out. */
  lines?: boolean;
  /** --dimensions: a shorter vector, where the model can give one. */
  dimensions?: number;
}

interface Embedded {
  provider: string;
  model: string;
  vectors: number[][];
}

/**
 * `g4f-chat embed`: texts to vectors through the first provider of the chain with an
 * embeddings API. Without --lines one JSON object, `{"provider","model","embeddings":[[…]]}`;
 * with --lines one JSON array per input line, written as each request answers.
 */
export async function runEmbed(words: string[], flags: EmbedFlags): Promise<number> {
  const app = await loadAppContext();
  const settings = resolveSettings(flags, app);
  // Words are the text: stdin is then not read, so a `while read` loop keeps the rest of its input.
  const piped = words.length > 0 ? undefined : await readPipedStdin(flags.maxInput ?? DEFAULT_MAX_INPUT);
  const texts = textsToEmbed(words, piped, Boolean(flags.lines));
  // Only -m names an embedding model: the chat model of a config, role or G4F_CHAT_MODEL is not one.
  const plan = await planFromSettings({ ...settings, model: undefined }, app, { onWarning: printWarning });
  if (settings.verbose) for (const skipped of plan.skipped) printNotice(`skipped ${skipped.provider}: ${skipped.reason}`);
  warnInsecureKeyTransport(plan.links, printWarning);
  const links = withinReach(plan.links, settings.allowPublic ?? false);
  const signals = watchRunSignals();
  try {
    const done = await embedAll(links, texts, flags, settings, signals.controller.signal, (vectors) => (flags.lines ? writeLines(vectors) : undefined));
    if (!flags.lines) writeJson({ provider: done.provider, model: done.model, embeddings: done.vectors });
    return EXIT.ok;
  } catch (error) {
    return signals.exitCode() ?? reportError(error, settings.verbose);
  } finally {
    signals.dispose();
  }
}

/**
 * The first batch goes through the chain; every later one to the provider and model that
 * answered it, so that all vectors of one run come from one model and can be compared.
 */
async function embedAll(links: readonly ChainLink[], texts: readonly string[], flags: EmbedFlags, settings: Settings, signal: AbortSignal, onBatch: (vectors: number[][]) => Promise<void> | undefined): Promise<Embedded> {
  const [firstBatch, ...rest] = batchesOf(texts);
  const failures: Array<{ provider: string; error: G4fError }> = [];
  const options = { signal, timeoutMs: settings.timeoutMs, proxy: settings.proxy, onFailure: (provider: string, error: G4fError) => failures.push({ provider, error }) };
  const first = await embedThroughChain(links, flags.model, firstBatch, options, flags.dimensions);
  sayWhoAnswered(links, first.provider, first.model, failures, settings.verbose);
  const answering = links.find((link) => link.provider.id === first.provider)!;
  const model = flags.model ?? answering.provider.embeddings!.defaultModel;
  const kept: number[][] = [];
  const take = async (vectors: number[][]) => {
    const streamed = onBatch(vectors);
    if (streamed) await streamed;
    else kept.push(...vectors);
  };
  await take(first.vectors);
  for (const batch of rest) {
    const next = await embedThroughChain([answering], model, batch, { ...options, onFailure: undefined }, flags.dimensions);
    await take(next.vectors);
  }
  return { provider: first.provider, model: first.model, vectors: kept };
}

/** Like ask: a public provider is not sent texts after a private one unless --fallback public says so. */
export function withinReach(links: readonly ChainLink[], allowPublic: boolean): ChainLink[] {
  if (allowPublic) return [...links];
  const usable = embeddingLinks(links);
  const firstPrivate = usable.findIndex((link) => isPrivateReach(link.reach));
  if (firstPrivate < 0) return [...links];
  const heldBack = new Set(usable.slice(firstPrivate + 1).filter((link) => !isPrivateReach(link.reach)));
  return links.filter((link) => !heldBack.has(link));
}

/** When the first provider of the chain did not answer, stderr says who did and why the others did not. */
function sayWhoAnswered(links: readonly ChainLink[], provider: string, model: string, failures: ReadonlyArray<{ provider: string; error: G4fError }>, verbose: boolean): void {
  if (links[0]?.provider.id === provider) {
    if (verbose) printNotice(`${provider} · ${model}`);
    return;
  }
  const before = links.slice(0, links.findIndex((link) => link.provider.id === provider));
  const reasons = before.map((link) => {
    const failed = failures.find((f) => f.provider === link.provider.id);
    return failed ? `${link.provider.id} failed (${shortReason(failed.error)})` : `${link.provider.id} has no embeddings API`;
  });
  printNotice(`${reasons.join(', ')}; answered by ${provider} · ${model}`);
}

/** One JSON array per line; a full pipe is waited for, so memory holds one batch at most. */
function writeLines(vectors: number[][]): Promise<void> | undefined {
  const text = vectors.map((vector) => `${JSON.stringify(vector)}\n`).join('');
  if (process.stdout.write(text)) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}
