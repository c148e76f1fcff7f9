import { askTerminal } from './ask-terminal.js';
import { protocolFromEnvironment } from './protocol-from-environment.js';
import type { ShowMode } from './show-image.js';

/** The terminal's answer, asked at most once per input stream (in practice once per process). */
const answers = new WeakMap<object, Promise<'kitty' | 'sixel' | undefined>>();

/**
 * Which image protocol the terminal speaks. The environment first (a terminal that names
 * itself, or not a terminal at all); then, only on a terminal the environment does not name,
 * a bounded query (kitty's graphics query and DA1, `timeoutMs`, 200 ms by default); else
 * half blocks, or nothing when NO_COLOR is set.
 */
export async function detectImageProtocol(options: { env: NodeJS.ProcessEnv; input?: NodeJS.ReadStream; out: NodeJS.WritableStream; timeoutMs?: number }): Promise<ShowMode> {
  const { env, input, out } = options;
  const known = protocolFromEnvironment(env, out as { isTTY?: boolean });
  if (known) return known;
  if (input?.isTTY && typeof input.setRawMode === 'function') {
    let asked = answers.get(input);
    if (!asked) {
      asked = askTerminal(input, out, options.timeoutMs ?? 200);
      answers.set(input, asked);
    }
    const answer = await asked;
    if (answer) return answer;
  }
  return env.NO_COLOR ? 'none' : 'blocks';
}
