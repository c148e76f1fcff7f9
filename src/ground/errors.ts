import type { Remedy } from './remedy.js';

export type { Remedy } from './remedy.js';

/** The machine codes of every failure; decisions are taken on these (and on classes), never on message text. */
export type G4fErrorCode =
  | 'aborted'
  | 'all_failed'
  | 'attachment'
  | 'blocked'
  | 'config'
  | 'cut_short'
  | 'filesystem'
  | 'http_status'
  | 'image_refused'
  | 'internal'
  | 'keys'
  | 'locked'
  | 'mcp'
  | 'missing_key'
  | 'network'
  | 'protocol'
  | 'proxy'
  | 'server'
  | 'timeout'
  | 'tool_timeout'
  | 'unsafe_file'
  | 'usage';

/** Base of every failure the CLI knows how to explain: a machine code and a human hint. */
export class G4fError extends Error {
  override name = 'G4fError';
  readonly code: G4fErrorCode;
  hint?: string;
  /** A fix naming one of our commands; cli/ words it as the hint (it wins over `hint`). */
  remedy?: Remedy;
  /** True when trying the same request again may succeed. */
  readonly retryable: boolean;

  constructor(message: string, options: { code: G4fErrorCode; hint?: string; retryable?: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.hint = options.hint;
    this.retryable = options.retryable ?? false;
  }
}

/** Bad command-line input: unknown provider or model, missing prompt, bad option value. */
export class UsageError extends G4fError {
  override name = 'UsageError';
  constructor(message: string, hint?: string) {
    super(message, { code: 'usage', hint });
  }
}

/** A model the provider's strict table does not have: in `auto` such a provider is simply not a candidate. */
export class ModelNotOfferedError extends UsageError {
  override name = 'ModelNotOfferedError';
  readonly provider: string;
  readonly model: string;
  /** The models (and aliases) the provider does take. */
  readonly offered: readonly string[];
  constructor(provider: string, model: string, offered: readonly string[]) {
    super(`${provider} has no model "${model}"; valid models: ${offered.join(', ')}`);
    this.provider = provider;
    this.model = model;
    this.offered = offered;
  }
}

const RETRYABLE_STATUS = new Set([408, 409, 429]);

export class HttpStatusError extends G4fError {
  override name = 'HttpStatusError';
  readonly status: number;
  /** Seconds to wait before retrying, from the Retry-After header. */
  readonly retryAfterSeconds?: number;
  /** The start of the server's body, for providers that read more than the message. */
  readonly body?: string;

  constructor(status: number, serverMessage: string, options: { retryAfterSeconds?: number; hint?: string; body?: string } = {}) {
    super(serverMessage ? `HTTP ${status}: ${serverMessage}` : `HTTP ${status}`, {
      code: 'http_status',
      hint: options.hint,
      retryable: RETRYABLE_STATUS.has(status) || status >= 500,
    });
    this.status = status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.body = options.body?.slice(0, 4096);
  }
}

/** 401/403 with a key: the credentials were refused. */
export class AuthError extends HttpStatusError {
  override name = 'AuthError';
}

/**
 * What went wrong on the way: nothing listening (`refused`), no such host (`dns`), no route
 * (`unreachable`), the connection closed (`reset`), the answer stopped before its end
 * (`ended-early`), the proxy in between failed (`proxy`), or something else.
 */
export type NetworkFailureKind = 'refused' | 'dns' | 'unreachable' | 'reset' | 'ended-early' | 'proxy' | 'other';

export class NetworkError extends G4fError {
  override name = 'NetworkError';
  readonly kind: NetworkFailureKind;
  /** The host could not be reached at all (no such name, nothing listening): the host:port, and why. */
  unreachable?: { host: string; reason: 'host not found' | 'connection refused' | 'network unreachable' };
  constructor(message: string, cause?: unknown, retryable = true, kind: NetworkFailureKind = 'other') {
    super(message, { code: 'network', retryable, cause });
    this.kind = kind;
  }
}

export class TimeoutError extends G4fError {
  override name = 'TimeoutError';
  /** Nothing at all came back (no connection or no response head), as opposed to a stream gone silent. */
  firstByte?: boolean;
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'timeout', retryable: true, cause, hint: 'raise the limit with --timeout <seconds>' });
  }
}

/** A tool call that gave no result within its limit (as opposed to the user interrupting it). */
export class ToolTimeoutError extends G4fError {
  override name = 'ToolTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`no result within ${timeoutMs / 1000}s (--tool-timeout)`, { code: 'tool_timeout' });
    this.timeoutMs = timeoutMs;
  }
}

/** The server answered, but not in the provider's format. */
export class ProtocolError extends G4fError {
  override name = 'ProtocolError';
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'protocol', cause });
  }
}

/** The server reported an error inside an otherwise valid stream or body. */
export class ServerError extends G4fError {
  override name = 'ServerError';
  constructor(message: string) {
    super(message, { code: 'server' });
  }
}

export class MissingKeyError extends G4fError {
  override name = 'MissingKeyError';
  readonly provider: string;
  readonly envVars: readonly string[];
  constructor(providerId: string, envVars: readonly string[]) {
    super(`${providerId} needs an API key: set ${envVars.join(' or ')}`, { code: 'missing_key' });
    this.provider = providerId;
    this.envVars = envVars;
    this.remedy = { type: 'store-key', provider: providerId, envVars };
  }
}

/** A Cloudflare challenge or an HTML page came back instead of an answer. */
export class BlockedError extends G4fError {
  override name = 'BlockedError';
  constructor(what: string) {
    super(`blocked by ${what} instead of an answer`, { code: 'blocked' });
  }
}

export class AbortedError extends G4fError {
  override name = 'AbortedError';
  constructor() {
    super('interrupted', { code: 'aborted' });
  }
}

/** The answer had started and then failed; the text already shown stays. */
export class CutShortError extends G4fError {
  override name = 'CutShortError';
  constructor(providerId: string, cause: G4fError) {
    super(`the answer from ${providerId} was cut short: ${cause.message}`, { code: 'cut_short', cause, hint: cause.hint });
  }
}

/** Every provider of a chain failed; one reason per provider. */
export class AllFailedError extends G4fError {
  override name = 'AllFailedError';
  readonly failures: ReadonlyArray<{ provider: string; error: G4fError }>;
  /** Public providers not tried because the prompt had gone to a private one. */
  readonly heldBack: readonly string[];
  constructor(failures: ReadonlyArray<{ provider: string; error: G4fError }>, heldBack: readonly string[] = []) {
    const lines = failures.map((f) => `  ${f.provider}: ${f.error.message}`);
    if (heldBack.length > 0) lines.push(`  not sent to ${heldBack.join(', ')}: public services never get a prompt meant for your own providers unless you allow it`);
    const head = failures.length === 1 && heldBack.length > 0 ? `${failures[0].provider} failed` : 'every provider failed';
    super(`${head}:\n${lines.join('\n')}`, { code: 'all_failed' });
    this.failures = failures;
    this.heldBack = heldBack;
    this.remedy = { type: 'all-failed', heldBack: heldBack.length > 0 };
  }
}

/**
 * Why an image is not shown: a format we do not know, a header that does not hold together,
 * or a size past our bounds (checked on the header, before anything is decoded).
 */
export type ImageRefusal = 'unknown-format' | 'malformed' | 'too-large' | 'too-many-pixels';

/** An image refused before it was decoded or sent to the terminal; one line says why. */
export class ImageRefusedError extends G4fError {
  override name = 'ImageRefusedError';
  readonly reason: ImageRefusal;
  constructor(reason: ImageRefusal, message: string, cause?: unknown) {
    super(`image not shown: ${message.replace(/[\r\n]+/g, ' ')}`, { code: 'image_refused', cause });
    this.reason = reason;
  }
}

const FILESYSTEM_ERRORS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  ENOTDIR: 'a path component is not a directory',
  EISDIR: 'is a directory',
  EMFILE: 'too many open files',
  EFBIG: 'file too large',
};

/** A file system's refusal (full disk, read-only, no permission): said as such, never as a bug. */
export class FilesystemError extends G4fError {
  override name = 'FilesystemError';
  constructor(message: string, cause: unknown) {
    super(message, { code: 'filesystem', cause });
  }
}

export function toG4fError(error: unknown): G4fError {
  if (error instanceof G4fError) return error;
  const errno = error as NodeJS.ErrnoException;
  if (errno && typeof errno.code === 'string' && FILESYSTEM_ERRORS[errno.code] && typeof errno.syscall === 'string') {
    const path = errno.path ? `${errno.path}: ` : '';
    return new FilesystemError(`${path}${FILESYSTEM_ERRORS[errno.code]} (${errno.code})`, error);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new G4fError(message, { code: 'internal', cause: error });
}

/**
 * Every provider of a chain failed for network reasons (refused, no such host, no answer):
 * said first as one line, then each provider, then the steps that work without a network.
 */
export class OfflineError extends AllFailedError {
  override name = 'OfflineError';
  constructor(failures: ReadonlyArray<{ provider: string; error: G4fError }>, notRunning: readonly string[]) {
    super(failures);
    const lines = [...failures.map((f) => `  ${f.provider}: ${f.error.message}`), ...notRunning.map((line) => `  ${line}`)];
    this.message = `no provider could be reached: this machine seems to be offline\n${lines.join('\n')}`;
    this.remedy = { type: 'offline' };
  }
}
