import { UsageError } from '../../ground/errors.js';

/** Longest conversation name, so that its file name stays well inside every file system's limit. */
export const MAX_NAME_CHARS = 100;

/**
 * The file id of a named conversation. Distinct names give distinct ids, on case-blind file
 * systems too: lower-case ASCII letters, digits, `_`, `-`, other scripts' lower-case letters
 * and digits stay as they are; everything else (upper case, spaces, `/`, a leading `.`) is
 * written `%XX`, byte by byte. `work` stays `work`; `a b`, `a/b` and `A/B` differ.
 */
export function idForName(name: string): string {
  if (!name.trim()) throw new UsageError('a conversation name cannot be empty');
  if ([...name].length > MAX_NAME_CHARS) throw new UsageError(`the conversation name is ${[...name].length} characters; ${MAX_NAME_CHARS} at most`);
  let id = '';
  for (const ch of name.normalize('NFC')) {
    const otherScript = ch.codePointAt(0)! > 0x7f && /^[\p{L}\p{N}\p{M}]$/u.test(ch) && ch === ch.toLowerCase();
    const kept = /^[a-z0-9_-]$/.test(ch) || (ch === '.' && id !== '') || otherScript;
    id += kept ? ch : [...Buffer.from(ch)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  if (Buffer.byteLength(id) > 200) throw new UsageError('the conversation name is too long once written as a file name; use a shorter one');
  return id;
}
