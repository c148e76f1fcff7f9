const secrets = new Set<string>();
/** Every form of every secret, longest first: raw, base64, base64url, hex, URL- and form-encoded. */
let forms: string[] = [];

/**
 * Remembers a credential so that it is blanked out of every message shown. Only values that
 * look like credentials: 8 characters or more, and either 16 or more or a mix of letters and
 * digits or symbols. A proxy password `openai` must not turn every "openai" in an answer into `…`.
 */
export function registerSecret(value: string | undefined): void {
  if (!value || !looksLikeSecret(value) || secrets.has(value)) return;
  secrets.add(value);
  const bytes = Buffer.from(value);
  const encoded = [
    value,
    bytes.toString('base64'),
    bytes.toString('base64').replace(/=+$/, ''),
    bytes.toString('base64url'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, '+'),
    ...base64Inside(bytes),
  ];
  forms = [...new Set([...forms, ...encoded.filter((form) => form.length >= 8)])].sort((a, b) => b.length - a.length);
}

/**
 * The secret inside a longer text encoded in base64 (`Basic base64(user:key)`, a whole
 * `Bearer key` header echoed in base64): where it starts at byte 1 or 2 of a 3-byte group its
 * encoding differs, so each of the three alignments is a form (whole groups only, which do
 * not depend on the bytes around it).
 */
function base64Inside(bytes: Buffer): string[] {
  return [0, 1, 2].flatMap((skip) => {
    const part = bytes.subarray(skip, skip + Math.floor((bytes.length - skip) / 3) * 3);
    return [part.toString('base64'), part.toString('base64url')];
  });
}

function looksLikeSecret(value: string): boolean {
  if (value.length < 8) return false;
  if (value.length >= 16) return true;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(value)).length;
  return classes >= 2 && /\d|[^A-Za-z]/.test(value);
}

/**
 * The shortest start of a secret masked when a message was cut after it: shorter ends are
 * too common in ordinary words to tell from a key, and a masked key shows 4 characters anyway.
 */
const MIN_LEAKED_PREFIX = 4;

export function redact(text: string): string {
  if (forms.length === 0) return text;
  let out = text;
  for (const form of forms) {
    if (out.includes(form)) out = out.split(form).join(mask(form));
  }
  // A message cut short (ours end in `…`) may end in the start of a secret: mask that too.
  // (`\u2026` in the pattern: the bundle stays ASCII, see test/architecture/ascii-bundle.test.ts.)
  if (out.includes('…')) out = out.replace(/[^\s"'\u2026]{4,}(?=\u2026)/g, (run) => maskLeakedPrefix(run));
  return out;
}

function maskLeakedPrefix(run: string): string {
  for (const form of forms) {
    for (let k = Math.min(form.length - 1, run.length); k >= MIN_LEAKED_PREFIX; k--) {
      if (run.endsWith(form.slice(0, k))) return `${run.slice(0, run.length - k)}${mask(form)}`;
    }
  }
  return run;
}

/** Below this length a masked secret shows nothing of itself: 4 known characters of 14 are too many. */
const MIN_LENGTH_SHOWING_END = 16;

/** `…3456`: enough to recognise which key it is (its last 4 characters, as dashboards show it), never enough to use it. */
export function mask(secret: string): string {
  if (secret.length < MIN_LENGTH_SHOWING_END) return '…';
  return `…${secret.slice(-4)}`;
}

/**
 * Text cut to at most `max` characters, redacted first: a cut made before redaction could
 * end inside a key, and a key's start is no longer recognisable as the key.
 */
export function redactAndCut(text: string, max: number): string {
  const clean = redact(text);
  const chars = [...clean];
  return chars.length > max ? `${chars.slice(0, Math.max(0, max - 1)).join('')}…` : clean;
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

/** Credentials inside any URLs of a text (commander's messages echo option values). */
export function maskCredentialsInText(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]*@/gi, '$1…@');
}
