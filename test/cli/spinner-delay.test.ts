import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { spawnInPty } from '../helpers/pty.js';
import { tempHome } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

const HIDE_CURSOR = '\x1b[?25l';

describe('the spinner on a terminal', () => {
  it('an answer that begins at once is written without a spinner ever drawn', async () => {
    const server = await serve((_req, res) => streamOpenAI(res, ['at once']));
    const session = spawnInPty(['ask', '-p', 'openai', '-m', 'gpt-4o-mini', '--base-url', server.url, 'hi'], { home: tempHome(), env: { OPENAI_API_KEY: 'sk-test-0123456789' } });
    expect(await session.exited).toBe(0);
    expect(session.output()).toContain('at once');
    expect(session.output()).not.toContain('thinking…');
    expect(session.output()).not.toContain(HIDE_CURSOR);
  });

  it('a wait of a moment draws it', async () => {
    const server = await serve((_req, res) => setTimeout(() => streamOpenAI(res, ['after a moment']), 1500));
    const session = spawnInPty(['ask', '-p', 'openai', '-m', 'gpt-4o-mini', '--base-url', server.url, 'hi'], { home: tempHome(), env: { OPENAI_API_KEY: 'sk-test-0123456789' } });
    await session.waitFor('thinking… openai');
    expect(await session.exited).toBe(0);
    expect(session.output()).toContain('after a moment');
  });
});
