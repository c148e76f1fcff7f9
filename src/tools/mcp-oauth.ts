import { randomBytes } from 'node:crypto';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { redact, registerSecret } from '../ground/redact.js';
import { oauthFileOf, readOAuthRecord, writeOAuthRecord, type OAuthRecord } from './mcp-oauth-store.js';
import { freeLoopbackPort, listenForRedirect, RedirectPortError, REDIRECT_PATH, redirectUrlOf } from './mcp-oauth-redirect.js';
import { McpServerError } from './mcp-transport.js';

/** Longest wait for the browser to come back from the authorization server. */
export const SIGN_IN_WAIT_MS = 5 * 60_000;

/** How a run lets an HTTP server's OAuth sign-in happen; cli/ shows the address and opens a browser. */
export interface McpSignIn {
  stateDir: string;
  /**
   * Shows where to sign in (the authorization URL, its state and PKCE challenge in it) and, on a
   * terminal, opens a browser; may call `cancel` (Ctrl-C) while the return is awaited; returns
   * what undoes that watch. Absent: nobody can sign in now (no terminal), and a server that needs
   * it fails at once with McpSignInNeededError.
   */
  authorize?(server: string, url: URL, cancel: () => void): (() => void) | void;
  /** Stored tokens are not used: the user signs in anew (`mcp login`); they are replaced only once that succeeds. */
  fresh?: boolean;
  /** Longest wait for the browser's return; SIGN_IN_WAIT_MS unless said. */
  waitMs?: number;
  /** New tokens came from a sign-in (not from a refresh). */
  onSignedIn?(server: string): void;
}

/** The server wants a sign-in and this run cannot ask for one: the remedy names the command that does. */
export class McpSignInNeededError extends McpServerError {
  override name = 'McpSignInNeededError';
  constructor(server: string) {
    super(server, 'needs you to sign in (OAuth), and there is no terminal to do it on');
    this.remedy = { type: 'mcp-login', server };
  }
}

/**
 * The SDK's OAuth client for one server, its registration, tokens and PKCE verifier kept in one
 * 0600 file of the state folder. The redirect URL is a loopback port of ours: the one registered
 * before when there is a registration, else a free one. Dynamic registration, discovery, the
 * PKCE exchange and refreshes are the SDK's (`auth()`); the browser's return is checked here.
 */
export class StoredOAuthProvider implements OAuthClientProvider {
  /** A sign-in was begun (the server speaks OAuth over this transport): no older transport is tried after. */
  began = false;
  private expectedState?: string;
  private wait?: { code: Promise<string>; keepAlive(): void };
  private ignoreStored: boolean;

  private constructor(
    private readonly server: string,
    private readonly file: string,
    private readonly record: OAuthRecord,
    private readonly port: number,
    private readonly signIn: McpSignIn,
  ) {
    this.ignoreStored = Boolean(signIn.fresh);
  }

  static async open(server: string, url: string, signIn: McpSignIn): Promise<StoredOAuthProvider> {
    const file = oauthFileOf(signIn.stateDir, server);
    const record = await readOAuthRecord(file, url);
    return new StoredOAuthProvider(server, file, record, registeredPort(record.client) ?? (await freeLoopbackPort()), signIn);
  }

  get redirectUrl(): string {
    return redirectUrlOf(this.port);
  }

  get clientMetadata(): OAuthClientMetadata {
    // A native app is a public client (RFC 8252): PKCE, no secret to keep.
    return { client_name: 'g4f-chat', redirect_uris: [this.redirectUrl], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'none' };
  }

  /** Asked right before a new authorization starts: where nobody can sign in, it stops here. */
  state(): string {
    if (!this.signIn.authorize) throw new McpSignInNeededError(this.server);
    this.expectedState = randomBytes(24).toString('base64url');
    return this.expectedState;
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.record.client;
  }

  async saveClientInformation(client: OAuthClientInformationMixed): Promise<void> {
    this.record.client = client;
    await this.save();
  }

  tokens(): OAuthTokens | undefined {
    return this.ignoreStored ? undefined : this.record.tokens;
  }

  async saveTokens(tokens: OAuthTokens): Promise<void> {
    this.record.tokens = tokens;
    this.ignoreStored = false;
    delete this.record.codeVerifier;
    await this.save();
  }

  async saveCodeVerifier(codeVerifier: string): Promise<void> {
    this.record.codeVerifier = codeVerifier;
    await this.save();
  }

  codeVerifier(): string {
    if (!this.record.codeVerifier) throw new McpServerError(this.server, 'no sign-in is under way (its PKCE verifier is gone)');
    return this.record.codeVerifier;
  }

  async invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): Promise<void> {
    if (scope === 'all' || scope === 'client') delete this.record.client;
    if (scope === 'all' || scope === 'tokens') delete this.record.tokens;
    if (scope === 'all' || scope === 'verifier') delete this.record.codeVerifier;
    if (scope !== 'discovery') await this.save();
  }

  /** Listens for the browser's return first, then shows the user where to go. */
  async redirectToAuthorization(url: URL): Promise<void> {
    const show = this.signIn.authorize;
    if (!show || !this.expectedState) throw new McpSignInNeededError(this.server);
    this.began = true;
    const wait = await listenForRedirect(this.server, this.port, this.expectedState, this.signIn.waitMs ?? SIGN_IN_WAIT_MS).catch(async (error: unknown) => {
      // The registered port is taken: the next sign-in registers a new one.
      if (error instanceof RedirectPortError) await this.invalidateCredentials('client');
      throw error;
    });
    const undo = show(this.server, url, wait.cancel);
    const code = wait.code.finally(() => undo?.());
    code.catch(() => {});
    this.wait = { code, keepAlive: wait.keepAlive };
  }

  /** The code of a sign-in begun during the last connect, to be awaited; undefined when none began. */
  takeSignIn(): Promise<string> | undefined {
    const wait = this.wait;
    this.wait = undefined;
    wait?.keepAlive();
    return wait?.code;
  }

  private save(): Promise<void> {
    return writeOAuthRecord(this.file, this.record);
  }
}

/** The loopback port of a registration we made (`http://127.0.0.1:PORT/callback`), if it is one. */
function registeredPort(client: OAuthClientInformationMixed | undefined): number | undefined {
  const uri = (client as { redirect_uris?: unknown } | undefined)?.redirect_uris;
  if (!Array.isArray(uri) || typeof uri[0] !== 'string') return undefined;
  try {
    const url = new URL(uri[0]);
    return url.hostname === '127.0.0.1' && url.pathname === REDIRECT_PATH && url.port ? Number(url.port) : undefined;
  } catch {
    return undefined;
  }
}

/** True when the configured headers authorize already: the user's own credentials, no OAuth of ours. */
export function sendsAuthorization(headers: Record<string, string> | undefined): boolean {
  return Object.keys(headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
}

type AuthorizingTransport = Transport & { finishAuth(code: string): Promise<void> };

/**
 * Connects over `make()`'s transport; when the server asked for a sign-in during it (a 401 the
 * SDK could not settle by refreshing), waits for the browser's return, exchanges the code
 * (`finishAuth`) and connects once more over a new transport.
 */
export async function connectSigningIn<T extends AuthorizingTransport>(client: Client, server: string, make: () => T, connect: (work: Promise<void>) => Promise<void>, provider: StoredOAuthProvider | undefined, signIn: McpSignIn | undefined): Promise<T> {
  const transport = make();
  try {
    await connect(client.connect(transport));
    return transport;
  } catch (error) {
    const code = provider?.takeSignIn();
    if (!code) throw error;
    const got = await code;
    registerSecret(got);
    await transport.finishAuth(got).catch((failure: unknown) => {
      throw new McpServerError(server, redact(`sign-in failed: ${(failure as Error).message}`));
    });
    signIn?.onSignedIn?.(server);
    const again = make();
    await connect(client.connect(again));
    return again;
  }
}
