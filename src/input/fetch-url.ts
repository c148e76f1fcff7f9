import { AbortedError, G4fError, NetworkError, TimeoutError, UsageError, toG4fError } from '../ground/errors.js';
import { USER_AGENT } from '../ground/version.js';
import { registerSecret } from '../ground/redact.js';
import { send, type HttpResponse } from '../stream/http.js';
import { imageMediaType } from './image-types.js';
import type { InputBudget } from './input-budget.js';
import { readAtMost } from './read-at-most.js';
import { readDeadline } from './read-deadline.js';
import type { GatherOptions, ImageAttachment, TextAttachment } from './input-types.js';
import { decodeText, formatBytes } from './text-bytes.js';

const MAX_REDIRECTS = 5;
/** Most bytes of a page read before it is reduced to text (pages carry scripts and styles). */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-javascript|ld\+json|x-yaml|yaml|toml|x-sh)\b|[^;]*\+(json|xml)\b)/i;

export type UrlRead = { text: TextAttachment; note?: string } | { image: ImageAttachment };

/** Who chose the address: the user (`-f`), or a model (`fetch_url`). */
export type UrlChooser = 'user' | 'model';

/**
 * Fetches `url` through the same HTTP layer as every provider (proxies, timeouts), following
 * up to five redirects, within `maxTimeMs` in all. An image comes back as one; an HTML page
 * is reduced to markdown; any other text as it is. Sizes are bounded before they are held.
 *
 * Where it may connect: an address a model chose, and every redirect, must be public
 * (internal-address.ts, checked on the address connected to). A loopback or private address
 * the user typed is theirs to fetch: its own origin (scheme, host, port) may be reached at
 * any address, on the first request and on redirects that stay on it; a redirect to any
 * other origin must lead to a public address.
 */
export async function fetchUrl(address: string, budget: InputBudget, options: GatherOptions, chosenBy: UrlChooser): Promise<UrlRead> {
  // A password in the address is used to fetch, never shown or sent on to a model.
  const first = new URL(address);
  registerSecret(first.password || undefined);
  registerSecret(decodeURIComponent(first.password) || undefined);
  const url = first.password ? address.replace(`:${first.password}@`, ':…@') : address;
  const deadline = readDeadline(options.maxTimeMs, options.signal);
  try {
    return await fetchFollowing(first, url, budget, { ...options, signal: deadline.signal }, chosenBy);
  } catch (error) {
    if (deadline.expired()) throw deadline.error(url);
    throw error;
  } finally {
    deadline.dispose();
  }
}

async function fetchFollowing(first: URL, url: string, budget: InputBudget, options: GatherOptions & { signal: AbortSignal }, chosenBy: UrlChooser): Promise<UrlRead> {
  const label = chosenBy === 'user' ? `-f ${url}` : url;
  let current = first.href;
  // user:password in the address is Basic authorization for that origin only (a redirect elsewhere drops it).
  const basic = first.username || first.password ? `Basic ${Buffer.from(`${decodeURIComponent(first.username)}:${decodeURIComponent(first.password)}`).toString('base64')}` : undefined;
  for (let hop = 0; ; hop++) {
    const sameOrigin = new URL(current).origin === first.origin;
    const response = await send({
      url: current,
      method: 'GET',
      headers: {
        'user-agent': USER_AGENT,
        accept: 'text/html, text/markdown;q=0.9, text/*;q=0.8, image/*;q=0.8, */*;q=0.5',
        ...(basic && sameOrigin ? { authorization: basic } : {}),
      },
      secrets: basic ? [basic] : undefined,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      proxy: options.proxy,
      allowHtml: true,
      returnRedirects: true,
      internalAddresses: chosenBy === 'user' && sameOrigin ? undefined : 'refuse',
    }).catch((error: unknown) => {
      throw attachmentFailure(hop === 0 ? label : `${label} redirects to ${new URL(current).host}`, error);
    });
    if (response.status >= 300 && response.status <= 399) {
      response.close();
      if (hop >= MAX_REDIRECTS) throw new UsageError(`${url} redirects more than ${MAX_REDIRECTS} times`);
      current = new URL(response.headers.location!, current).href;
      if (!/^https?:$/.test(new URL(current).protocol)) throw new UsageError(`${url} redirects to ${new URL(current).protocol} which is not fetched`);
      continue;
    }
    return await readAnswer(url, response, budget, options).catch((error: unknown) => {
      // A silent or broken stream is the attachment's failure too; a refusal of ours stays as it is.
      throw error instanceof TimeoutError || error instanceof NetworkError ? attachmentFailure(label, error) : error;
    });
  }
}

async function readAnswer(url: string, response: HttpResponse, budget: InputBudget, options: GatherOptions): Promise<UrlRead> {
  const type = (response.headers['content-type'] ?? '').toLowerCase();
  const declared = Number(response.headers['content-length'] ?? NaN);
  const isHtml = /^(text\/html|application\/xhtml\+xml)\b/.test(type);
  const isImage = type.startsWith('image/');
  const limit = isImage ? options.maxImageBytes : isHtml ? MAX_PAGE_BYTES : budget.remaining;
  // A declared length over the limit is refused before any of the body is read.
  const tooLarge = (atLeast: number) => {
    if (isImage) return new UsageError(`${url} is an image of at least ${formatBytes(atLeast)}; images of at most ${formatBytes(limit)} are sent`);
    if (!isHtml) return budget.refuse(atLeast, url);
    return new UsageError(`${url} is a page of at least ${formatBytes(atLeast)}; pages of at most ${formatBytes(limit)} are read`);
  };
  if (Number.isFinite(declared) && declared > limit) {
    response.close();
    throw tooLarge(declared);
  }
  const bytes = await readAtMost(response.body, limit, tooLarge);
  const mediaType = imageMediaType(bytes);
  if (mediaType) return { image: { label: url, image: { mediaType, data: bytes.toString('base64') }, bytes: bytes.length } };
  if (isImage) throw new UsageError(`${url} is ${type.split(';')[0]}, which vision models do not take (PNG, JPEG, GIF and WebP are sent)`);
  const decoded = decodeText(bytes);
  if ('binary' in decoded || !(isHtml || TEXT_TYPES.test(type) || type === '')) {
    throw new UsageError(`${url} is neither text nor an image (${type.split(';')[0] || 'no content type'}); nothing was sent`);
  }
  if (!isHtml) {
    budget.take(bytes.length, url);
    return { text: { label: url, content: decoded.text } };
  }
  const { htmlToMarkdown } = await import('./html-to-markdown.js');
  const markdown = htmlToMarkdown(decoded.text, url);
  budget.take(Buffer.byteLength(markdown), url);
  return { text: { label: url, content: markdown, language: 'markdown' }, note: `attached ${url}: a page of ${formatBytes(bytes.length)} as ${formatBytes(Buffer.byteLength(markdown))} of text` };
}

/**
 * A page that cannot be fetched is the attachment's failure, not the model's: the hints
 * of a provider's request (the model name, the API key) would point the wrong way.
 */
function attachmentFailure(what: string, caught: unknown): G4fError {
  const error = toG4fError(caught);
  if (error instanceof AbortedError) return error;
  const atProxy = error.code === 'proxy' || (error instanceof NetworkError && error.kind === 'proxy');
  const hint = atProxy || error instanceof TimeoutError ? error.hint : 'check the address, or save the page and attach the file';
  return new G4fError(`${what}: ${error.message}; nothing was sent`, { code: 'attachment', hint, cause: error });
}
