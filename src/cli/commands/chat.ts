import type { ChatFlags } from '../settings.js';

export async function runChat(_flags: ChatFlags): Promise<number> {
  process.stderr.write('g4f-chat: chat is not available yet\n');
  return 1;
}
