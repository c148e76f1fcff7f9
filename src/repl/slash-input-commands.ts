import { sanitizeLabel } from '../ground/terminal-safe-text.js';
import type { SlashCommand, SlashContext } from './slash-types.js';

const say = (ctx: SlashContext, text: string) => ctx.io.err(`${text}\n`);
const dim = (ctx: SlashContext, text: string) => ctx.io.err(`${ctx.io.errColors.dim(text)}\n`);

/** Splits `a "b c" 'd'` into words, honouring quotes (paths with spaces). */
export function splitWords(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** Commands that bring context into the next message: files and roles. */
export const INPUT_COMMANDS: readonly SlashCommand[] = [
  {
    name: 'file',
    args: '<path|url>...',
    summary: 'attach files, folders, globs, URLs or images to your next message (/file alone lists, /file off drops them)',
    async run(args, ctx) {
      const specs = splitWords(args.trim());
      const session = ctx.session;
      if (specs.length === 0) {
        const pending = session.attached;
        if (!pending) return say(ctx, 'nothing attached; /file <path|url> attaches to your next message');
        const names = [...pending.texts.map((t) => t.label), ...pending.images.map((i) => `${i.label} (image)`)];
        return say(ctx, `attached to your next message: ${names.map(sanitizeLabel).join(', ')}`);
      }
      if (specs.length === 1 && specs[0] === 'off') {
        session.attached = undefined;
        return dim(ctx, 'attachments dropped');
      }
      const added = await session.attach(specs);
      const files = added.texts.length;
      const images = added.images.length;
      dim(ctx, `attached ${[files ? `${files} text${files === 1 ? '' : 's'}` : '', images ? `${images} image${images === 1 ? '' : 's'}` : ''].filter(Boolean).join(' and ') || 'nothing'}; they go with your next message`);
    },
  },
  {
    name: 'edit',
    args: '[text]',
    summary: 'write the next message in $VISUAL / $EDITOR (also Ctrl-X Ctrl-E); it waits on the prompt for Enter',
    async run(args, ctx) {
      if (!ctx.io.editInput) return say(ctx, 'editing needs a terminal');
      await ctx.io.editInput(args.trim());
    },
  },
  {
    name: 'role',
    args: '[name]',
    summary: 'use a role: its system prompt (and model) from now on (g4f-chat roles lists them)',
    async run(args, ctx) {
      const name = args.trim();
      if (!name) return say(ctx, ctx.session.settings.system ? 'a system prompt is set (/system shows it); /role <name> changes it' : 'no role; /role <name> uses one (g4f-chat roles lists them)');
      const role = await ctx.session.useRole(name);
      const extras = [role.provider && `provider ${role.provider}`, role.model && `model ${role.model}`, role.temperature !== undefined && `temperature ${role.temperature}`].filter(Boolean);
      dim(ctx, sanitizeLabel(`role ${role.name}${extras.length ? ` (${extras.join(', ')})` : ''}`));
    },
  },
];
