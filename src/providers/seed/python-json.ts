/**
 * Python's `json.dumps` with its defaults, byte for byte: `", "` and `": "` separators,
 * every character outside printable ASCII escaped as `\uXXXX` (lower-case hex; characters
 * beyond U+FFFF as their UTF-16 surrogate pair, which is what a JS string already holds),
 * `/` left alone, floats as Python's repr writes them. The seed providers' bodies were
 * written this way, so their Content-Length is the length of these bytes.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${pythonString(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
  }
  throw new TypeError(`cannot serialise ${typeof value}`);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function pythonString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const code = text.charCodeAt(i);
    if (SHORT_ESCAPES[char]) out += SHORT_ESCAPES[char];
    // ensure_ascii: anything but space..tilde, one UTF-16 unit at a time.
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** Integers as integers; other numbers as Python's float repr (`1e-07`, `1e+21`). */
function pythonNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  const text = String(value);
  const exponent = /e([+-])(\d+)$/.exec(text);
  if (!exponent) return text;
  const mantissa = text.slice(0, exponent.index);
  return `${mantissa}e${exponent[1]}${exponent[2].padStart(2, '0')}`;
}
