import type { StreamPart } from '../../ground/types.js';
import type { HttpResponse } from '../../stream/http.js';
import { TextStreamDecoder } from '../../stream/text-decoder.js';

/**
 * Reads a body in which every byte is answer text, released as it arrives: a 2xx text
 * answer is the model's words, even when they start with `<` or mention Cloudflare (an
 * HTML page was already refused by its content type). Text decoded before an error is
 * handed over before the error is.
 */
export async function* readRawText(response: HttpResponse): AsyncGenerator<StreamPart> {
  const decoder = new TextStreamDecoder();
  for await (const chunk of response.body) {
    const text = decoder.push(chunk);
    if (text) yield { type: 'text', text };
  }
  const rest = decoder.end();
  if (rest) yield { type: 'text', text: rest };
  yield { type: 'finish', reason: 'stop' };
}
