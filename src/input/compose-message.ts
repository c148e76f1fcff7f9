import type { Message } from '../ground/types.js';
import { fencedBlock } from './fenced-block.js';
import type { GatheredInput } from './input-types.js';

/**
 * The user message: attached texts first (each under its path, fenced), then piped stdin,
 * then the prompt, separated by blank lines; attached images ride along as images.
 */
export function composeUserMessage(gathered: GatheredInput | undefined, text: string): Message {
  const parts = [...(gathered?.texts ?? []).map((t) => fencedBlock(t.label, t.content, t.language)), text].filter((part) => part !== '');
  const message: Message = { role: 'user', content: parts.join('\n\n') };
  if (gathered?.images.length) message.images = gathered.images.map((i) => i.image);
  return message;
}
