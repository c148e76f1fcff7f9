import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { BIN, cleanEnv } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

/**
 * Runs a shell script in a mount namespace of its own (unshare -rm), with a 64 KB tmpfs
 * mounted at $G4F_CHAT_HOME: a real full disk, seen by nobody else.
 */
function onTinyDisk(script: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const home = mkdtempSync(join(tmpdir(), 'g4f-chat-tiny-'));
  const prelude = `mount -t tmpfs -o size=64k tmpfs "$G4F_CHAT_HOME" || exit 99\ng() { "${process.execPath}" "${BIN}" "$@"; }\n`;
  return new Promise((resolve) => {
    const child = spawn('unshare', ['-rm', 'bash', '-c', prelude + script], { env: { ...cleanEnv(home), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('a full disk', () => {
  it('`config set` says the disk is full, not that g4f-chat has a bug, and leaves no temporary file', async () => {
    const result = await onTinyDisk(`
      head -c 60000 /dev/zero > "$G4F_CHAT_HOME/filler"
      g config set system "$(head -c 20000 /dev/zero | tr '\\0' a)"; echo "exit=$?"
      ls -a "$G4F_CHAT_HOME"
    `);
    expect(result.code).not.toBe(99);
    expect(result.stdout).toMatch(/exit=1/);
    expect(result.stderr).toMatch(/no space left on the device \(ENOSPC\)/);
    expect(result.stderr).not.toMatch(/bug/);
    expect(result.stdout).not.toMatch(/\.tmp/);
  });

  it('an answer that cannot be saved is still printed; no torn fragment with the prompt is left', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['the answer']));
    const result = await onTinyDisk(`
      g ask -p openai --base-url ${server.url} --session s "first question" || exit 98
      head -c 56000 /dev/zero > "$G4F_CHAT_HOME/filler"
      g ask -p openai --base-url ${server.url} --session s "SECRET-PROMPT $(head -c 30000 /dev/zero | tr '\\0' q)"; echo "exit=$?"
      cat "$G4F_CHAT_HOME/conversations/s.jsonl"
    `);
    expect(result.code).not.toBe(99);
    expect(result.stdout).toMatch(/the answer\n/);
    expect(result.stdout).toMatch(/exit=0/);
    expect(result.stderr).toMatch(/not saved: .*no space left on the device \(ENOSPC\)/);
    expect(result.stdout).toContain('first question');
    expect(result.stdout).not.toContain('SECRET-PROMPT');
  });
});
