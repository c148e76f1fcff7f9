import { retryMessage, type ChainEvent } from '../core/chain/chain.js';
import { sanitizeForTerminal, sanitizeLabel } from '../ground/terminal-safe-text.js';
import type { ImageFile } from '../ground/types.js';
import type { Spinner } from './repl-io.js';
import type { DrawnPictures } from './session-types.js';
import type { SlashCommand, SlashContext } from './slash-types.js';

const say = (ctx: SlashContext, text: string) => ctx.io.err(`${text}\n`);
const dim = (ctx: SlashContext, text: string) => ctx.io.err(`${ctx.io.errColors.dim(text)}\n`);

/** `/image PROMPT`: a picture drawn, shown in the chat, saved, and named by file in the conversation. */
export const IMAGE_COMMANDS: readonly SlashCommand[] = [
  {
    name: 'image',
    args: '<prompt>',
    summary: 'draw a picture with a provider that has an image API; shown here, saved, kept in the conversation by file',
    async run(args, ctx) {
      const prompt = args.trim();
      if (!prompt) return say(ctx, 'say what to draw: /image a lighthouse at dusk');
      if (!ctx.session.draw) return say(ctx, 'pictures cannot be drawn here');
      const drawn = await drawWatched(prompt, ctx);
      if (!drawn) return;
      if (drawn.who) dim(ctx, sanitizeLabel(drawn.who));
      if (drawn.revisedPrompt) dim(ctx, `revised prompt: ${sanitizeForTerminal(drawn.revisedPrompt)}`);
      if (drawn.text) dim(ctx, `${sanitizeLabel(drawn.provider)} said: ${sanitizeForTerminal(drawn.text)}`);
      const files: ImageFile[] = [];
      for (const image of drawn.images) {
        const file = await ctx.io.keepPicture?.(image, drawn.provider);
        if (file) files.push(file);
      }
      // The conversation (and its file) holds the ask and who drew it, the pictures by path and hash.
      const said = [`[${drawn.images.length === 1 ? 'a picture' : `${drawn.images.length} pictures`} drawn by ${drawn.provider} · ${drawn.model}]`, drawn.revisedPrompt && `revised prompt: ${drawn.revisedPrompt}`, drawn.text];
      await ctx.session.addMessages([
        { role: 'user', content: `/image ${prompt}` },
        { role: 'assistant', content: said.filter(Boolean).join('\n'), ...(files.length > 0 ? { imageFiles: files } : {}) },
      ]);
    },
  },
];

/** The drawing with a spinner (`drawing… openai, 12s`), Ctrl-C stopping it; undefined when it failed or was stopped (said). */
async function drawWatched(prompt: string, ctx: SlashContext): Promise<DrawnPictures | undefined> {
  const { io, session } = ctx;
  const controller = new AbortController();
  const stopBusy = io.startBusy(() => controller.abort());
  const spinner: Spinner = session.settings.quiet ? { stop() {} } : await io.startSpinner('drawing…');
  const onEvent = (event: ChainEvent) => {
    if (event.type === 'retry' && spinner.text) spinner.text(retryMessage(event.provider, event.reason, event.seconds));
    else if (event.type === 'asking' && spinner.text) spinner.text(`drawing… ${event.provider}`);
    else if (event.type === 'notice' && session.settings.verbose) dim(ctx, event.message);
  };
  try {
    return await session.draw!(prompt, session.settings, { signal: controller.signal, onEvent, onStatus: (text) => spinner.text?.(text) });
  } catch (error) {
    spinner.stop();
    if (controller.signal.aborted) say(ctx, `${io.errColors.yellow('[interrupted]')} ${io.errColors.dim('no picture')}`);
    else session.showError(io, error);
    return undefined;
  } finally {
    spinner.stop();
    stopBusy();
  }
}
