import { BlockedError } from '../core/errors.js';
import type { StreamPart } from '../core/types.js';
import { detectBlockedPage } from '../stream/blocked-page.js';
import type { HttpResponse } from '../stream/http.js';
import { TextStreamDecoder } from '../stream/text-decoder.js';

/** A page that blocks the answer starts like one of these (Cloudflare's text page, or HTML). */
const PAGE_STARTS = ['<', 'Access denied'];
const MAX_SNIFF_CHARS = 4096;

/**
 * Reads a body in which every byte is answer text, refusing a Cloudflare or HTML page.
 * Text that cannot be the start of such a page is released at once; text that might be
 * is held until it is told apart (or the body ends), and never lost on an error.
 */
export async function* readRawText(response: HttpResponse): AsyncGenerator<StreamPart> {
  const decoder = new TextStreamDecoder();
  let held = '';
  let deciding = true;
  try {
    for await (const chunk of response.body) {
      const text = decoder.push(chunk);
      if (!deciding) {
        if (text) yield { type: 'text', text };
        continue;
      }
      held += text;
      if (mightBeAPage(held) && held.length < MAX_SNIFF_CHARS) continue;
      deciding = false;
      checkNotBlocked(held, response.headers);
      if (held) yield { type: 'text', text: held };
      held = '';
    }
    held += decoder.end();
  } catch (error) {
    if (held && !detectBlockedPage(held, response.headers)) yield { type: 'text', text: held };
    throw error;
  }
  checkNotBlocked(held, response.headers);
  if (held) yield { type: 'text', text: held };
  yield { type: 'finish', reason: 'stop' };
}

function mightBeAPage(head: string): boolean {
  const start = head.trimStart();
  if (start.length === 0) return true;
  return PAGE_STARTS.some((page) => (start.length < page.length ? page.startsWith(start) : start.startsWith(page)));
}

function checkNotBlocked(head: string, headers: Record<string, string>): void {
  const blocked = detectBlockedPage(head, headers);
  if (blocked) throw new BlockedError(blocked);
}
