import {
  AbortedError,
  AllFailedError,
  AuthError,
  G4fError,
  MissingKeyError,
  UsageError,
} from '../ground/errors.js';

export const EXIT = { ok: 0, failed: 1, usage: 2, credentials: 3, interrupted: 130, terminated: 143 } as const;

export function exitCodeFor(error: G4fError): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof MissingKeyError || error instanceof AuthError) return EXIT.credentials;
  if (error instanceof AbortedError) return EXIT.interrupted;
  if (error instanceof AllFailedError && error.failures.every((f) => exitCodeFor(f.error) === EXIT.credentials)) {
    return EXIT.credentials;
  }
  return EXIT.failed;
}
