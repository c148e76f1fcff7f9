import type { Attempt, ChainLink } from '../../core/chain/chain.js';
import { drawThroughChain, type ImageAnswer, type ImageAsk } from '../../core/images/image-chain.js';
import { imageChainLinks } from '../../core/images/image-plan.js';
import { UsageError } from '../../ground/errors.js';
import { inspectImage, type ImageFacts } from '../../images/inspect-image.js';
import type { ShowMode } from '../../images/show-image.js';
import { saveImageFile } from '../../store/image-files.js';
import { imagesDir } from '../../store/paths.js';
import { EXIT } from '../exit-codes.js';
import { readInputImage, wordOptionRefusal } from '../image-options.js';
import { checkPipeOutput, outputPaths, writeBytesToStdout, writeImageFile } from '../image-output.js';
import { watchDrawing } from '../image-progress.js';
import { printNotice, printWarning } from '../messages.js';
import { planFromSettings } from '../plan-from-settings.js';
import { watchRunSignals } from '../process-signals.js';
import { DEFAULT_MAX_INPUT, readPipedStdin } from '../read-stdin.js';
import { reportError } from '../report-error.js';
import { loadAppContext, resolveSettings, type AppContext, type ChatFlags, type Settings } from '../settings.js';
import { warnInsecureKeyTransport } from '../transport-warnings.js';
import { writeJson } from '../write-json.js';

export interface ImageFlags extends ChatFlags {
  size?: { width: number; height: number };
  /** -n: how many pictures. */
  count?: number;
  seed?: number;
  quality?: string;
  /** -o FILE */
  output?: string;
  json?: boolean;
  /** -f: a picture to edit (one path; the option is not repeatable here). */
  edit?: string;
  show?: ShowMode;
}

/**
 * A picture's wait is mostly before the first byte (the service draws, then answers whole):
 * five minutes of silence unless --timeout (or the config) says otherwise.
 */
const IMAGE_TIMEOUT_SECONDS = 300;

/** A picture that was drawn and passed the header check, with where it went. */
interface Drawn {
  bytes: Uint8Array;
  facts: ImageFacts;
  path?: string;
}

/**
 * `g4f-chat image PROMPT`: pictures through the first provider of the chain with an image API.
 * On a terminal each is shown inline and saved in the data directory (its path on stderr); in
 * a pipe stdout gets the picture's bytes and nothing else; `-o` names the files; `--json` says
 * who drew what, and where it was saved. Every picture passes the header check first.
 */
export async function runImage(words: string[], flags: ImageFlags): Promise<number> {
  const signals = watchRunSignals();
  try {
    const count = flags.count ?? 1;
    checkPipeOutput(count, flags);
    const app = await loadAppContext();
    const settings = resolveSettings(flags, app);
    const prompt = words.length > 0 ? words.join(' ').trim() : ((await readPipedStdin(DEFAULT_MAX_INPUT))?.trim() ?? '');
    if (!prompt) throw new UsageError('say what to draw: g4f-chat image "a lighthouse at dusk" (or pipe the prompt in)');
    const inputImage = flags.edit ? await readInputImage(flags.edit) : undefined;
    const ask: ImageAsk = { prompt, model: flags.model, size: flags.size, n: count, seed: flags.seed, quality: flags.quality, inputImage };
    const links = await planImageChain(settings, app);
    const answer = await draw(links, ask, flags, settings, app, signals.controller.signal);
    // Every picture is checked before any is shown or written: a refused one leaves nothing behind.
    const drawn = answer.images.map((image): Drawn => ({ bytes: image.bytes, facts: inspectImage(image.bytes) }));
    await deliver(drawn, answer, flags, app);
    return EXIT.ok;
  } catch (error) {
    return signals.exitCode() ?? reportError(wordOptionRefusal(error), flags.verbose);
  } finally {
    signals.dispose();
  }
}

/** The chain as for any prompt (only -m names an image model, not a chat model's settings), plus auto's image-only members. */
async function planImageChain(settings: Settings, app: AppContext): Promise<ChainLink[]> {
  const plan = await planFromSettings({ ...settings, model: undefined }, app, { onWarning: printWarning });
  if (settings.verbose) for (const skipped of plan.skipped) printNotice(`skipped ${skipped.provider}: ${skipped.reason}`);
  warnInsecureKeyTransport(plan.links, printWarning);
  return imageChainLinks(plan, { catalog: app.catalog, env: app.env, storedKeys: app.storedKeys });
}

async function draw(links: readonly ChainLink[], ask: ImageAsk, flags: ImageFlags, settings: Settings, app: AppContext, signal: AbortSignal): Promise<ImageAnswer> {
  const progress = await watchDrawing(Boolean(flags.quiet), settings.verbose);
  const attempts: Attempt[] = [];
  try {
    const answer = await drawThroughChain(links, ask, {
      signal,
      timeoutMs: Math.round((flags.timeout ?? app.config.timeout ?? IMAGE_TIMEOUT_SECONDS) * 1000),
      maxTimeMs: settings.maxTimeMs,
      // The chain's deadline is for answers that begin early; a picture begins when it is done.
      chainTimeoutMs: flags.chainTimeout !== undefined ? settings.chainTimeoutMs : undefined,
      retries: settings.retries,
      proxy: settings.proxy,
      allowPublic: settings.allowPublic,
      attempts,
      onEvent: progress.onEvent,
      onStatus: progress.onStatus,
    });
    progress.stop();
    const who = whoAnswered(links, answer, attempts);
    if (who) printNotice(who);
    else if (settings.verbose) printNotice(`${answer.provider} · ${answer.model}`);
    return answer;
  } finally {
    progress.stop();
  }
}

/** `groq skipped (has no image API), openai failed (HTTP 500); drawn by pollinations · flux` when the first choice did not draw. */
export function whoAnswered(links: readonly ChainLink[], answer: ImageAnswer, attempts: readonly Attempt[]): string | undefined {
  const index = links.findIndex((link) => link.provider.id === answer.provider);
  if (index <= 0) return undefined;
  const reasons = links.slice(0, index).map((link) => {
    const attempt = attempts.find((a) => a.provider === link.provider.id && a.outcome !== 'ok');
    if (!attempt) return `${link.provider.id} not asked`;
    if (attempt.outcome === 'skipped') return `${link.provider.id} skipped (${attempt.reason})`;
    const status = /^http_status:(\d+)$/.exec(attempt.failure ?? '')?.[1];
    return `${link.provider.id} failed (${status ? `HTTP ${status}` : shorten(attempt.reason ?? attempt.failure ?? 'error')})`;
  });
  return `${reasons.join(', ')}; drawn by ${answer.provider} · ${answer.model}`;
}

const shorten = (text: string) => (text.length > 60 ? `${text.slice(0, 59)}…` : text);

/** The pictures to where they go: JSON, a pipe, files, or the terminal (and the data directory). */
async function deliver(drawn: Drawn[], answer: ImageAnswer, flags: ImageFlags, app: AppContext): Promise<void> {
  const terminal = Boolean(process.stdout.isTTY);
  if (!flags.json && answer.revisedPrompt) printNotice(`revised prompt: ${answer.revisedPrompt}`);
  if (!flags.json && answer.text) printNotice(`${answer.provider} said: ${answer.text}`);
  if (!flags.json && !terminal && !flags.output) return writeBytesToStdout(drawn[0].bytes);
  const paths = flags.output ? outputPaths(flags.output, drawn.map((d) => d.facts.mime)) : undefined;
  for (const [i, picture] of drawn.entries()) {
    if (terminal && !flags.json && flags.show !== 'none') {
      const { showImage } = await import('../../images/show-image.js');
      await showImage(picture.bytes, { show: flags.show, out: process.stdout, input: process.stdin, env: process.env });
    }
    if (paths) await writeImageFile(paths[i], picture.bytes);
    picture.path = paths?.[i] ?? (await saveImageFile(imagesDir(app.paths), picture.bytes, picture.facts.mime));
    if (!flags.json) printNotice(`saved ${picture.path}`);
  }
  if (flags.json) {
    writeJson({
      provider: answer.provider,
      model: answer.model,
      files: drawn.map((d) => ({ path: d.path, mime: d.facts.mime, width: d.facts.width, height: d.facts.height, bytes: d.facts.bytes })),
      ...(answer.revisedPrompt ? { revised_prompt: answer.revisedPrompt } : {}),
      ...(answer.text ? { text: answer.text } : {}),
    });
  }
}
