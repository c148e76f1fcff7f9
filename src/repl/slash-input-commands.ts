import { sanitizeLabel } from '../ground/terminal-safe-text.js';
import type { GatheredInput } from '../input/input-types.js';
import { formatBytes } from '../input/text-bytes.js';
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
      dim(ctx, describeAttached(added));
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
      if (!name) return say(ctx, await rolesText(ctx));
      const role = await ctx.session.useRole(name);
      const extras = [role.provider && `provider ${role.provider}`, role.model && `model ${role.model}`, role.temperature !== undefined && `temperature ${role.temperature}`].filter(Boolean);
      dim(ctx, sanitizeLabel(`role ${role.name}${extras.length ? ` (${extras.join(', ')})` : ''}`));
    },
  },
];

/** Most attachments named one by one; more are counted. */
const NAMED_ATTACHMENTS = 5;

/** `attached README.md (12 KB); it goes with your next message`: each file by name and size. */
function describeAttached(added: GatheredInput): string {
  const items = [
    ...added.texts.map((t) => `${t.label} (${formatBytes(Buffer.byteLength(t.content))})`),
    ...added.images.map((i) => `${i.label} (image, ${formatBytes(i.bytes)})`),
  ].map(sanitizeLabel);
  if (items.length === 0) return 'nothing attached';
  const named = items.length > NAMED_ATTACHMENTS ? [...items.slice(0, NAMED_ATTACHMENTS - 1), `${items.length - NAMED_ATTACHMENTS + 1} more`] : items;
  return `attached ${named.join(', ')}; ${items.length === 1 ? 'it goes' : 'they go'} with your next message`;
}

/** `/role` alone: the roles there are (name and what each is for), and how to use one. */
async function rolesText(ctx: SlashContext): Promise<string> {
  const roles = (await ctx.session.roles()) ?? [];
  const current = ctx.session.settings.system ? 'a system prompt is set (/system shows it)' : 'no role in use';
  if (roles.length === 0) return `${current}; no roles (g4f-chat roles create NAME makes one)`;
  const width = Math.max(...roles.map((r) => r.name.length));
  const rows = roles.map((r) => `  ${sanitizeLabel(r.name).padEnd(width)}  ${sanitizeLabel(r.description ?? r.system.split('\n')[0] ?? '')}`);
  return [`${current}; /role <name> uses one of:`, ...rows].join('\n');
}
