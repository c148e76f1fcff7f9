import { BlockedError } from '../core/errors.js';
import type { StreamPart } from '../core/types.js';
import { detectBlockedPage } from '../stream/blocked-page.js';
import type { HttpResponse } from '../stream/http.js';
import { TextStreamDecoder } from '../stream/text-decoder.js';

/** Up to this many leading bytes are held back to tell a Cloudflare/HTML page from an answer. */
const SNIFF_BYTES = 512;

/** Reads a body in which every byte is answer text, refusing a Cloudflare or HTML page. */
export async function* readRawText(response: HttpResponse): AsyncGenerator<StreamPart> {
  const decoder = new TextStreamDecoder();
  let head = '';
  let sniffing = true;
  for await (const chunk of response.body) {
    const text = decoder.push(chunk);
    if (sniffing) {
      head += text;
      if (Buffer.byteLength(head) < SNIFF_BYTES) continue;
      sniffing = false;
      checkNotBlocked(head, response.headers);
      yield { type: 'text', text: head };
    } else if (text) {
      yield { type: 'text', text };
    }
  }
  const rest = decoder.end();
  if (sniffing) {
    head += rest;
    checkNotBlocked(head, response.headers);
    if (head) yield { type: 'text', text: head };
  } else if (rest) {
    yield { type: 'text', text: rest };
  }
  yield { type: 'finish', reason: 'stop' };
}

function checkNotBlocked(head: string, headers: Record<string, string>): void {
  const blocked = detectBlockedPage(head, headers);
  if (blocked) throw new BlockedError(blocked);
}
