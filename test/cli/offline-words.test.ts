import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, startServer } from '../helpers/loopback-server.js';
import { spawnInPty, type PtySession } from '../helpers/pty.js';
import { runCli, tempHome } from '../helpers/run-cli.js';
import { screenAfter } from '../helpers/virtual-screen.js';

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});

/** An address on 127.0.0.1 where nothing listens (a server started and closed again). */
async function refusedAddress(): Promise<string> {
  const server = await startServer(() => undefined);
  await server.close();
  return server.url;
}

/** Every provider of `auto` refused; the five gpt4free gateways share one host, as they do. */
async function offlineEnv(): Promise<{ env: Record<string, string>; shared: string }> {
  const shared = await refusedAddress();
  const env: Record<string, string> = { OLLAMA_HOST: '127.0.0.1:9', G4F_CHAT_OVHCLOUD_BASE_URL: await refusedAddress(), G4F_CHAT_HORDE_BASE_URL: await refusedAddress() };
  for (const id of ['GROQ', 'GEMINI', 'OLLAMA', 'NVIDIA', 'POLLINATIONS']) env[`G4F_CHAT_G4F_${id}_BASE_URL`] = shared;
  return { env, shared: new URL(shared).host };
}

describe('offline in a pipe', () => {
  it('a host that cannot be reached is named once, with every provider on it, and not asked again', async () => {
    const { env, shared } = await offlineEnv();
    const result = await runCli(['ask', '--json', 'hi'], { env, killAfterMs: 30_000 });
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    const before = lines.slice(0, lines.findIndex((line) => line.startsWith('g4f-chat:')));
    expect(before).toEqual([
      expect.stringMatching(/^ovhcloud failed \(connection refused \(127\.0\.0\.1:\d+\)\); trying g4f-groq$/),
      `${shared}: connection refused — g4f-groq, g4f-gemini, g4f-ollama, g4f-nvidia, g4f-pollinations skipped; trying horde`,
    ]);
    const attempts = (JSON.parse(result.stdout) as { attempts: Array<{ provider: string; outcome: string; tries: number }> }).attempts;
    expect(attempts.filter((a) => a.provider.startsWith('g4f-')).map((a) => [a.provider, a.outcome])).toEqual([
      ['g4f-groq', 'failed'],
      ['g4f-gemini', 'skipped'],
      ['g4f-ollama', 'skipped'],
      ['g4f-nvidia', 'skipped'],
      ['g4f-pollinations', 'skipped'],
    ]);
    // The summary names the providers not asked, once for their host.
    expect(result.stderr).toContain(`g4f-gemini, g4f-ollama, g4f-nvidia, g4f-pollinations: not asked (same host, ${shared})`);
    expect(result.stderr).toMatch(/no provider could be reached: this machine seems to be offline/);
  });

  it('on a terminal 100 columns wide, the offline summary breaks its lines between words', async () => {
    const { env } = await offlineEnv();
    session = spawnInPty(['ask', 'hi'], { home: tempHome(), env });
    expect(await session.exited).toBe(1);
    const screen = await screenAfter(session.parts(), 100, 30);
    // A row the terminal had to wrap would be joined to the next one, and be longer than the window.
    expect(screen.filter((line) => line.length > 100)).toEqual([]);
    expect(screen).toContain('        once online, a key of your own is steadiest: g4f-chat keys set openai (or groq, gemini…)');
    expect(screen).toContain('        a server of your own: g4f-chat ask -p openai --base-url http://host:port/v1 "…"');
  });
});

describe('whether a provider is in auto', () => {
  it('pollinations: the detail, the table, --json and what auto does all say no', async () => {
    const home = tempHome();
    const detail = await runCli(['providers', 'pollinations'], { home });
    const autoLines = detail.stdout.split('\n').filter((line) => /^\s*in auto:/.test(line));
    expect(autoLines).toEqual([expect.stringMatching(/^ {2}in auto: +no \(its terms; name it with -p pollinations\)$/)]);
    const table = await runCli(['providers'], { home });
    const row = table.stdout.split('\n').find((line) => line.startsWith('pollinations '))!;
    expect(row.split(/\s{2,}/)[4]).toBe('no');
    const json = JSON.parse((await runCli(['providers', '--json'], { home })).stdout) as Array<{ id: string; inAuto: boolean }>;
    expect(json.find((p) => p.id === 'pollinations')!.inAuto).toBe(false);
    const asked = await runCli(['ask', '--json', 'hi'], { home, env: { OLLAMA_HOST: '127.0.0.1:9' }, killAfterMs: 30_000 });
    const attempts = (JSON.parse(asked.stdout) as { attempts: Array<{ provider: string; outcome: string; reason?: string }> }).attempts;
    expect(attempts.find((a) => a.provider === 'pollinations')).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/not in auto/) });
    // Every provider the table puts in auto is one auto considers.
    for (const p of json.filter((p) => p.inAuto && p.id !== 'ollama')) expect(attempts.map((a) => a.provider)).toContain(p.id);
  });
});
