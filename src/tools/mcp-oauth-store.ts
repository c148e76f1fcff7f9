import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { OAuthClientInformationMixed, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { registerSecret } from '../ground/redact.js';
import { writePrivateFileAtomic } from '../store/private-files.js';

/**
 * What one HTTP server's sign-in left us: the client registration, the tokens and the PKCE
 * verifier of an authorization under way, all for the server at `url` (a server whose address
 * changed starts afresh: its old tokens are never sent to the new address).
 */
export interface OAuthRecord {
  url: string;
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  codeVerifier?: string;
}

/** One file per server in the state folder, owner-only. */
export const oauthFileOf = (stateDir: string, server: string) => join(stateDir, 'mcp-oauth', `${server}.json`);

/** The stored record of the server at `url`; an empty one when there is none (or it was for another address, or unreadable). */
export async function readOAuthRecord(file: string, url: string): Promise<OAuthRecord> {
  let stored: Partial<OAuthRecord>;
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Partial<OAuthRecord>;
  } catch {
    return { url };
  }
  if (!stored || typeof stored !== 'object' || stored.url !== url) return { url };
  registerRecordSecrets(stored);
  return { url, ...(stored.client ? { client: stored.client } : {}), ...(stored.tokens ? { tokens: stored.tokens } : {}), ...(stored.codeVerifier ? { codeVerifier: stored.codeVerifier } : {}) };
}

/** Written atomically, 0600. */
export async function writeOAuthRecord(file: string, record: OAuthRecord): Promise<void> {
  registerRecordSecrets(record);
  await writePrivateFileAtomic(file, `${JSON.stringify(record, null, 2)}\n`);
}

/** Forgets a server's sign-in; true when there was one. */
export async function forgetOAuthRecord(file: string): Promise<boolean> {
  const existed = await readFile(file).then(
    () => true,
    () => false,
  );
  await rm(file, { force: true });
  return existed;
}

/** Tokens and a client secret are blanked out of whatever is shown or kept. */
function registerRecordSecrets(record: Partial<OAuthRecord>): void {
  registerSecret(record.tokens?.access_token);
  registerSecret(record.tokens?.refresh_token);
  registerSecret(record.tokens?.id_token);
  registerSecret((record.client as { client_secret?: string } | undefined)?.client_secret);
  registerSecret(record.codeVerifier);
}
