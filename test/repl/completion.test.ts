import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { spawnPty, type PtySession } from '../helpers/pty.js';
import { BIN, cleanEnv, tempHome } from '../helpers/run-cli.js';

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  await closeStartedServers();
});

describe('Tab completion of live models, paths and roles', () => {
  it('completes a model the server lists, a path after /file, and a role after /role; /file attaches to the next message', async () => {
    const server = await serve((req, res) => {
      if (req.method === 'GET') return sendJson(res, 200, { data: [{ id: 'live-one' }, { id: 'live-two' }, { id: 'bad\u001b[2Jname' }] });
      streamOpenAI(res, ['ok']);
    }, { listsModels: true });
    const dir = mkdtempSync(join(tmpdir(), 'g4f-complete-'));
    mkdirSync(join(dir, 'docs'));
    writeFileSync(join(dir, 'docs', 'notes.md'), 'remember\n');
    session = spawnPty(process.execPath, [BIN, 'chat', '-p', 'openai', '--base-url', server.url, '--no-history'], { env: cleanEnv(tempHome()), cols: 120, rows: 30 });
    await session.waitFor('› ');
    session.write('/model live-t\t');
    await session.waitFor('/model live-two ');
    session.write('\u0015/role expl\t');
    await session.waitFor('/role explain ');
    session.write(`\u0015/file ${dir}/do\t`);
    await session.waitFor(`/file ${dir}/docs/`);
    session.write('no\t');
    await session.waitFor(`/file ${dir}/docs/notes.md `);
    session.write('\r');
    await session.waitFor('it goes with your next message');
    session.write('read it\r');
    await session.waitFor('ok');
    const post = server.requests.find((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body).messages.at(-1).content).toBe(`### ${dir}/docs/notes.md\n\`\`\`markdown\nremember\n\`\`\`\n\nread it`);
    expect(session.output()).not.toContain('\u001b[2Jname');
    session.write('\u0004');
    expect(await session.exited).toBe(0);
  });
});
