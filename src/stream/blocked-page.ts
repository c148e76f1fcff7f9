const CLOUDFLARE_MARKERS = ['Just a moment', 'cf-please-wait', 'cf-chl-', 'challenge-platform', 'used Cloudflare', 'Attention Required! | Cloudflare'];

/**
 * Says what blocked the answer when a body is a Cloudflare challenge or an HTML page
 * rather than what the provider speaks; undefined when it looks like a real answer.
 */
export function detectBlockedPage(body: string, headers: Record<string, string> = {}): string | undefined {
  const head = body.slice(0, 4096);
  if (headers['cf-mitigated'] === 'challenge') return 'Cloudflare';
  if (CLOUDFLARE_MARKERS.some((marker) => head.includes(marker))) return 'Cloudflare';
  const start = head.trimStart().slice(0, 64).toLowerCase();
  const isHtml = (headers['content-type'] ?? '').includes('text/html') || start.startsWith('<!doctype html') || start.startsWith('<html');
  if (isHtml) return 'an HTML page';
  return undefined;
}
