import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, sendJson, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

/** An OpenAI-compatible server that lists `models` and answers any chat. */
function listing(models: readonly string[]) {
  return serve((req, res) => {
    if (req.method === 'GET') return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model' })) });
    streamOpenAI(res, ['ok']);
  }, { listsModels: true });
}

describe('chat slash commands say what they did', () => {
  it('/model with a name the server does not list shows the whole list when it is short', async () => {
    const server = await listing(['alpha-large', 'beta-small']);
    const result = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '-m', 'alpha-large', '--no-history'], { input: '/model nosuch\n' });
    expect(result.stderr).toMatch(/openai lists no model "nosuch"; it lists: alpha-large, beta-small/);
  });

  it('/role alone lists the roles there are, each with what it is for', async () => {
    const server = await listing(['m']);
    const result = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '-m', 'm', '--no-history'], { input: '/role\n' });
    expect(result.stderr).toMatch(/no role in use; \/role <name> uses one of:/);
    expect(result.stderr).toMatch(/^ {2}code +only code, no prose/m);
    expect(result.stderr).toMatch(/^ {2}explain +explains code/m);
    expect(result.stderr).toMatch(/^ {2}shell +one shell command/m);
  });

  it('/file names each file attached and its size', async () => {
    const server = await listing(['m']);
    const dir = mkdtempSync(join(tmpdir(), 'g4f-file-'));
    writeFileSync(join(dir, 'notes.md'), 'x'.repeat(3000));
    writeFileSync(join(dir, 'small.txt'), 'hello');
    const result = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '-m', 'm', '--no-history'], { input: '/file notes.md small.txt\n', cwd: dir });
    expect(result.stderr).toMatch(/attached notes\.md \(3 KB\), small\.txt \(5 bytes\); they go with your next message/);
  });
});

describe('chat says what would stop it before it stops', () => {
  it('/provider to a provider with no key set warns at once, naming the variable', async () => {
    const server = await listing(['m']);
    const result = await runCli(['chat', '-p', 'openai', '-m', 'm', '--no-history'], { input: '/provider groq\n', env: { OPENAI_API_KEY: 'sk-12345678', G4F_CHAT_OPENAI_BASE_URL: server.url } });
    expect(result.stderr).toMatch(/provider groq\nwarning: groq needs an API key: set GROQ_API_KEY/);
    expect(result.stderr).toMatch(/hint: export GROQ_API_KEY=…, or store one with: g4f-chat keys set groq/);
  });

  it('an error in chat in a pipe opens with the same prefix as ask: g4f-chat:', async () => {
    const server = await serve((_req, res) => sendJson(res, 400, { error: { message: 'bad request here' } }));
    const chat = await runCli(['chat', '-p', 'openai', '--base-url', server.url, '-m', 'm', '--no-history'], { input: 'hi\n' });
    const ask = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '-m', 'm', 'hi']);
    expect(chat.stderr).toMatch(/^g4f-chat: HTTP 400: bad request here/m);
    expect(ask.stderr).toMatch(/^g4f-chat: HTTP 400: bad request here/m);
    expect(chat.stderr).not.toMatch(/^error:/m);
  });
});
