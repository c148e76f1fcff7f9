import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { openAIImagesStandIn, rawServer } from '../helpers/image-stand-ins.js';
import { spawnInPty } from '../helpers/pty.js';
import { tempHome } from '../helpers/run-cli.js';
import { pngFile } from '../images/pictures.js';

afterEach(closeStartedServers);

const png = pngFile(40, 20);
const openaiAt = (url: string) => ({ OPENAI_API_KEY: 'sk-test-1234567890abcdef', G4F_CHAT_OPENAI_BASE_URL: url });

/** The path a run printed after `saved `, read off the terminal (lines may wrap at 100 columns). */
function savedPath(screen: string): string {
  const match = /saved (\/[^\r\n]+\.png)/.exec(screen.replace(/\r?\n(?=\S)/g, ''));
  if (!match) throw new Error(`no saved path in ${JSON.stringify(screen.slice(-500))}`);
  return match[1].replace(/\x1b\[[0-9;]*m/g, '');
}

describe('g4f-chat image on a terminal', () => {
  it('shows the picture inline in the protocol the terminal names, and saves it in the data directory (path on stderr)', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const home = tempHome();
    const session = spawnInPty(['image', '-p', 'openai', 'a lighthouse'], { home, env: { ...openaiAt(upstream.url), TERM_PROGRAM: 'iTerm.app' } });
    expect(await session.exited).toBe(0);
    const screen = session.output();
    // iTerm2's inline image: OSC 1337 ; File=… : base64 … BEL
    expect(screen).toMatch(/\x1b\]1337;File=[^:]*inline=1[^:]*:[A-Za-z0-9+/=]+\x07/);
    const path = savedPath(screen);
    expect(path.startsWith(join(home, 'images'))).toBe(true);
    expect(readFileSync(path).equals(Buffer.from(png))).toBe(true);
    expect(screen.indexOf('\x1b]1337;File=')).toBeLessThan(screen.indexOf('saved '));
  });

  it('--show blocks draws half blocks; --show none draws nothing and still saves', async () => {
    const upstream = await rawServer(openAIImagesStandIn(png));
    const home = tempHome();
    const blocks = spawnInPty(['image', '-p', 'openai', '--show', 'blocks', 'x'], { home, env: openaiAt(upstream.url) });
    expect(await blocks.exited).toBe(0);
    expect(blocks.output()).toMatch(/\x1b\[38;2;\d+;\d+;\d+;48;2;\d+;\d+;\d+m▀/);
    // The progress line named the provider while it drew.
    expect(blocks.output()).toContain('drawing… openai');
    const none = spawnInPty(['image', '-p', 'openai', '--show', 'none', 'x'], { home, env: openaiAt(upstream.url) });
    expect(await none.exited).toBe(0);
    expect(none.output()).not.toContain('▀');
    expect(none.output()).not.toContain('\x1b]1337');
    expect(existsSync(savedPath(none.output()))).toBe(true);
  });
});
