import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/g4f-chat.cjs', import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Text on stdin; stdin is closed after it. */
  input?: string | Buffer;
  /** Kill the process after this long (a safety net, not an assertion). */
  killAfterMs?: number;
  home?: string;
  /** Working directory of the process (relative -f paths start there). */
  cwd?: string;
}

/** The public keyless providers, as their base-URL variables spell them. */
export const PUBLIC_PROVIDER_IDS = ['OVHCLOUD', 'POLLINATIONS', 'G4F_GROQ', 'G4F_GEMINI', 'G4F_OLLAMA', 'G4F_NVIDIA', 'G4F_POLLINATIONS', 'HORDE'] as const;

/** A fresh, private G4F_CHAT_HOME for one test. */
export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'g4f-chat-test-'));
}

/** The environment a test process starts from: no keys, proxies or colour settings leak in. */
export function cleanEnv(home: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/_API_KEY$|_PROXY$|^G4F_CHAT_|^OLLAMA_|_BASE_URL$|^(NO_COLOR|FORCE_COLOR)$/i.test(name)) continue;
    env[name] = value;
  }
  env.G4F_CHAT_HOME = home;
  // Nothing answers here, so `auto` must not find a local Ollama by accident.
  env.OLLAMA_HOST = '127.0.0.1:9';
  // No test reaches the internet: every public service points at a closed port unless a test stands one in.
  for (const id of PUBLIC_PROVIDER_IDS) env[`G4F_CHAT_${id}_BASE_URL`] = 'http://127.0.0.1:9';
  return env;
}

/** Runs the built CLI as a child process, exactly as a user's shell would. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const home = options.home ?? tempHome();
  const env = { ...cleanEnv(home), ...options.env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'], cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 15_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}
