/**
 * `new Date(ms).toISOString()`, the same text, from Date's UTC getters: V8's toISOString costs
 * about a millisecond the first time a process calls it (measured on Node 20–24), and the
 * getters cost nothing, so a command that stamps one conversation does not pay it on its way to
 * its first request. Years outside 0–9999 (written with a sign and six digits) are left to
 * toISOString itself, which also throws for an invalid time, as before.
 */
export function isoTime(ms: number = Date.now()): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return date.toISOString();
  return `${pad(year, 4)}-${pad(date.getUTCMonth() + 1, 2)}-${pad(date.getUTCDate(), 2)}T${pad(date.getUTCHours(), 2)}:${pad(date.getUTCMinutes(), 2)}:${pad(date.getUTCSeconds(), 2)}.${pad(date.getUTCMilliseconds(), 3)}Z`;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');
