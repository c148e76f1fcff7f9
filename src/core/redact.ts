const secrets = new Set<string>();

/** Remembers a credential so that it is blanked out of every message shown. */
export function registerSecret(value: string | undefined): void {
  // Very short values would blank out ordinary words; no real key is that short.
  if (value && value.length >= 6) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) {
    if (out.includes(secret)) out = out.split(secret).join(mask(secret));
  }
  return out;
}

/** `sk-…3456`: enough to recognise which key it is, never enough to use it. */
export function mask(secret: string): string {
  if (secret.length < 12) return '…';
  return `${secret.slice(0, 3)}…${secret.slice(-4)}`;
}

/** `http://user:secret@host` → `http://user:…@host`; anything else as it is. */
export function maskURLCredentials(value: string): string {
  try {
    const url = new URL(value);
    if (!url.password) return value;
    url.password = '…';
    return url.toString().replace(/\/$/, value.endsWith('/') ? '/' : '');
  } catch {
    return value;
  }
}
