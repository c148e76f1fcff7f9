import { UsageError } from '../ground/errors.js';
import { loadRole, type Role } from '../store/roles.js';
import type { GatheredInput } from '../input/input-types.js';
import { sanitizeLabel } from '../ground/terminal-safe-text.js';
import { printNotice, printWarning } from './messages.js';
import { DEFAULT_MAX_INPUT } from './read-stdin.js';
import type { AppContext, Settings } from './settings.js';
import { shellContext } from './shell-context.js';

/** The largest image sent: what OpenAI takes; smaller limits elsewhere are the server's to say. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** The role --role names (or a mode's built-in one), read before settings are resolved. */
export async function roleFor(name: string | undefined, app: AppContext): Promise<Role | undefined> {
  if (!name) return undefined;
  const role = await loadRole(app.paths.config, name, shellContext(app.env));
  if (role.provider) app.catalog.require(role.provider);
  return role;
}

/**
 * Reads every `-f` (files, folders, globs, URLs) before any request, within the text limit
 * that `already` bytes (stdin, the prompt) have started to use; says what each folder, glob
 * or page contributed unless --quiet.
 */
export async function gatherAttachments(specs: readonly string[] | undefined, settings: Settings, maxInput = DEFAULT_MAX_INPUT, already = 0): Promise<GatheredInput | undefined> {
  if (!specs?.length) return undefined;
  const { gatherInputs } = await import('../input/gather-inputs.js');
  const gathered = await gatherInputs(
    specs,
    { cwd: process.cwd(), maxTextBytes: maxInput, maxImageBytes: MAX_IMAGE_BYTES, timeoutMs: settings.timeoutMs, maxTimeMs: settings.maxTimeMs ?? 600_000, proxy: settings.proxy, ...(specs.some((s) => s.startsWith('mcp:')) ? { readMcpResource: (await import('./mcp-resource-reader.js')).readMcpResource } : {}) },
    already,
  );
  for (const warning of gathered.warnings ?? []) printWarning(sanitizeLabel(warning));
  if (!settings.quiet) for (const note of gathered.notes) printNotice(sanitizeLabel(note));
  return gathered;
}

/** Refuses a message with nothing in it before anything is sent. */
export function requireSomething(text: string, gathered: GatheredInput | undefined): void {
  if (text || gathered?.texts.length || gathered?.images.length) return;
  throw new UsageError('no prompt: give it as arguments, pipe it on stdin, or attach a file with -f', 'g4f-chat ask "Why is the sky blue?"');
}
