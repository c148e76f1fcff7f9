/** Pages served from this machine (a local web UI, a notebook): allowed on any port, http or https. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether a browser page of this Origin may use the server. Any web page can POST to a server
 * on 127.0.0.1 (a form, or fetch with a "simple" content type, needs no preflight), so the
 * Origin a browser sets is refused unless it is a loopback page or one the user allows
 * (`--allow-origin`: an exact origin, `scheme://host:*` for any port, `null` for file:// pages
 * and sandboxed frames, `*` for any). Requests without Origin come from programs, not pages.
 */
export function originAllowed(origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes('*')) return true;
  const page = parseOrigin(origin);
  // `null` (and anything unparsable) only when allowed literally: a hostile page can make itself `null`.
  if (!page) return allowed.includes(origin);
  if ((page.protocol === 'http:' || page.protocol === 'https:') && LOOPBACK_HOSTS.has(page.hostname)) return true;
  return allowed.some((entry) => matches(entry, page));
}

function matches(entry: string, page: URL): boolean {
  const anyPort = /:\*$/.test(entry);
  const wanted = parseOrigin(anyPort ? entry.slice(0, -2) : entry);
  if (!wanted) return false;
  if (anyPort) return wanted.protocol === page.protocol && wanted.hostname === page.hostname;
  return wanted.origin === page.origin;
}

/** An origin normalised (`HTTP://Example.com:80` is `http://example.com`); undefined for `null` and non-URLs. */
function parseOrigin(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.origin === 'null' ? undefined : url;
  } catch {
    return undefined;
  }
}
