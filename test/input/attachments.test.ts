import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, streamOpenAI } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

/** A folder to attach from, with the files given (path → content). */
function project(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'g4f-attach-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

async function echoServer() {
  return serve((_req, res) => streamOpenAI(res, ['ok']));
}
const sent = (server: Awaited<ReturnType<typeof echoServer>>) => JSON.parse(server.requests.at(-1)!.body).messages.at(-1);
const openai = (url: string) => ['-p', 'openai', '--base-url', url, '--no-history'];

describe('ask -f: files, folders, globs', () => {
  it('puts a file first under its path in a fenced block, then stdin, then the prompt', async () => {
    const server = await echoServer();
    const cwd = project({ 'notes.md': '# Plan\nship it\n', 'src/main.py': 'print("```")\n' });
    const result = await runCli(['ask', ...openai(server.url), '-f', 'notes.md', '-f', 'src/main.py', 'summarize'], { cwd, input: 'piped text\n' });
    expect(result.code).toBe(0);
    expect(sent(server).content).toBe(
      '### notes.md\n```markdown\n# Plan\nship it\n```\n\n' +
        // A fence longer than any backtick run inside, so the file cannot close it.
        '### src/main.py\n````python\nprint("```")\n````\n\n' +
        'piped text\n\nsummarize',
    );
  });

  it('walks a folder honouring .gitignore (nested ones too), leaving out binaries and .git, and says what it took', async () => {
    const server = await echoServer();
    const cwd = project({
      '.gitignore': 'node_modules/\n*.log\n',
      '.git/HEAD': 'ref: refs/heads/main\n',
      'src/a.ts': 'export const a = 1;\n',
      'src/debug.log': 'noise\n',
      'src/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
      'src/data.bin': Buffer.from([1, 2, 0, 3]),
      'src/gen/.gitignore': 'out.ts\n',
      'src/gen/out.ts': 'generated\n',
      'src/gen/keep.ts': 'kept\n',
      'node_modules/x/index.js': 'module.exports = 1;\n',
    });
    const result = await runCli(['ask', ...openai(server.url), '-f', 'src', 'what is here?'], { cwd });
    expect(result.code).toBe(0);
    expect(sent(server).content).toBe(
      '### src/a.ts\n```ts\nexport const a = 1;\n```\n\n### src/gen/.gitignore\n```\nout.ts\n```\n\n### src/gen/keep.ts\n```ts\nkept\n```\n\nwhat is here?',
    );
    expect(result.stderr).toContain('attached src: 3 files, 32 bytes (left out 2 binary, 2 ignored by .gitignore)');
    // Attached from the top, the repository's .gitignore and .git apply the same way.
    await runCli(['ask', ...openai(server.url), '-q', '-f', '.', 'x'], { cwd });
    const whole = sent(server).content as string;
    expect(whole).not.toMatch(/module\.exports|noise|refs\/heads|### \.\/src\/gen\/out\.ts|### \.\/\.git\//);
    expect(whole).toContain('### ./src/a.ts');
  });

  it('takes a quoted glob', async () => {
    const server = await echoServer();
    const cwd = project({ 'a/one.ts': '1\n', 'a/b/two.ts': '2\n', 'a/three.js': '3\n' });
    const result = await runCli(['ask', ...openai(server.url), '-f', 'a/**/*.ts', 'sum'], { cwd });
    expect(result.code).toBe(0);
    expect(sent(server).content).toBe('### a/b/two.ts\n```ts\n2\n```\n\n### a/one.ts\n```ts\n1\n```\n\nsum');
    expect(result.stderr).toContain('attached a/**/*.ts: 2 files, 4 bytes');
    // An absolute pattern names its files absolutely.
    await runCli(['ask', ...openai(server.url), '-q', '-f', `${cwd}/a/*.js`, 'x'], {});
    expect(sent(server).content).toBe(`### ${cwd}/a/three.js\n\`\`\`js\n3\n\`\`\`\n\nx`);
  });

  it('refuses input over --max-input before any request (exit 2), naming the flag', async () => {
    const server = await echoServer();
    const cwd = project({ 'big.txt': 'x'.repeat(3000), 'dir/a.txt': 'y'.repeat(1500), 'dir/b.txt': 'z'.repeat(1500) });
    const file = await runCli(['ask', ...openai(server.url), '--max-input', '2k', '-f', 'big.txt', 'hi'], { cwd });
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/the input is more than 2 KB \(at least 3 KB with big\.txt\); nothing was sent/);
    expect(file.stderr).toMatch(/--max-input \dM/);
    const folder = await runCli(['ask', ...openai(server.url), '--max-input', '2k', '-f', 'dir', 'hi'], { cwd });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('with dir/b.txt');
    // Stdin and the prompt count against the same limit.
    const together = await runCli(['ask', ...openai(server.url), '--max-input', '2k', '-f', 'dir/a.txt', 'hi'], { cwd, input: 'p'.repeat(1000) });
    expect(together.code).toBe(2);
    expect(server.requests).toHaveLength(0);
    const fits = await runCli(['ask', ...openai(server.url), '--max-input', '4k', '-f', 'dir', 'hi'], { cwd });
    expect(fits.code).toBe(0);
  });

  it('refuses a missing path, a binary file and an empty glob before any request', async () => {
    const server = await echoServer();
    const cwd = project({ 'blob.bin': Buffer.from([0, 1, 2, 3]) });
    const missing = await runCli(['ask', ...openai(server.url), '-f', 'nope.txt', 'hi'], { cwd });
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringContaining('no file or folder nope.txt')]);
    const binary = await runCli(['ask', ...openai(server.url), '-f', 'blob.bin', 'hi'], { cwd });
    expect([binary.code, binary.stderr]).toEqual([2, expect.stringContaining('blob.bin is a binary file')]);
    const glob = await runCli(['ask', ...openai(server.url), '-f', '*.none', 'hi'], { cwd });
    expect([glob.code, glob.stderr]).toEqual([2, expect.stringContaining('nothing matches *.none')]);
    expect(server.requests).toHaveLength(0);
  });

  it('stops reading a file that never ends (a device) at the limit', async () => {
    const server = await echoServer();
    const endless = await runCli(['ask', ...openai(server.url), '--max-input', '64k', '-f', '/dev/zero', 'hi'], {});
    expect(endless.code).toBe(2);
    expect(endless.stderr).toMatch(/the input is more than 64 KB \(at least \d+ KB with \/dev\/zero\); nothing was sent/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('chat -f', () => {
  it('attaches the files to the first message only', async () => {
    const server = await echoServer();
    const cwd = project({ 'plan.txt': 'step one\n' });
    const result = await runCli(['chat', ...openai(server.url), '-f', 'plan.txt'], { cwd, input: 'what is first?\nand then?\n' });
    expect(result.code).toBe(0);
    expect(JSON.parse(server.requests[0].body).messages).toEqual([{ role: 'user', content: '### plan.txt\n```\nstep one\n```\n\nwhat is first?' }]);
    expect(JSON.parse(server.requests[1].body).messages.at(-1)).toEqual({ role: 'user', content: 'and then?' });
  });

  it('/file of a failing page shows the server\'s words sanitised, and the chat goes on', async () => {
    const site = await serve((_req, res) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: '\u001b]0;pwned\u0007\u001b[2Jboom' } }));
    });
    const server = await echoServer();
    const result = await runCli(['chat', ...openai(server.url), '--retries', '0'], { input: `/file ${site.url}/page\nstill here\n` });
    expect(result.stderr).toContain('HTTP 500: ␛]0;pwned␇␛[2Jboom; nothing was sent');
    expect(result.stderr).not.toMatch(/\u001b[\]\[]/);
    expect(JSON.parse(server.requests[0].body).messages).toEqual([{ role: 'user', content: 'still here' }]);
  });
});

describe('ask -f URL', () => {
  it('fetches a page through a redirect and sends it as markdown: headings, links and code kept, scripts dropped', async () => {
    const site = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { location: '/article' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<html><head><title>Tea &amp; Time</title><style>p{color:red}</style><script>alert("x")</script></head>' +
          '<body><nav><a href="/">Home</a></nav><h1>Brewing</h1><p>Use <strong>hot</strong> water, see <a href="https://example.org/tea">the guide</a>.</p>' +
          '<pre><code>steep(3)</code></pre><ul><li>green</li><li>black</li></ul></body></html>',
      );
    });
    const server = await echoServer();
    const result = await runCli(['ask', ...openai(server.url), '-f', `${site.url}/old`, 'summarize'], {});
    expect(result.code).toBe(0);
    const content = sent(server).content as string;
    expect(content.startsWith(`### ${site.url}/old\n\`\`\`\`markdown\n# Tea & Time\n\n# Brewing`)).toBe(true);
    expect(content).toContain('# Brewing\n\nUse **hot** water, see [the guide](https://example.org/tea).');
    expect(content).toContain('```\nsteep(3)\n```');
    expect(content).toMatch(/-\s+green\n-\s+black/);
    expect(content).not.toMatch(/alert|color:red/);
    expect(content).not.toContain('[Home]');
    expect(content.endsWith('black\n````\n\nsummarize')).toBe(true);
    expect(site.requests.map((r) => r.url)).toEqual(['/old', '/article']);
    expect(site.requests[0].headers['user-agent']).toMatch(/^g4f-chat\//);
    expect(result.stderr).toMatch(/attached http:\/\/127\.0\.0\.1:\d+\/old: a page of \d+ bytes as \d+ bytes of text/);
  });

  it('sends plain text as it is; a page that fails is an error before any request', async () => {
    const site = await serve((req, res) => {
      if (req.url === '/gone') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not here');
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('line one\nline two\n');
    });
    const server = await echoServer();
    const ok = await runCli(['ask', ...openai(server.url), '-f', `${site.url}/notes.txt`, 'x'], {});
    expect(sent(server).content).toBe(`### ${site.url}/notes.txt\n\`\`\`\nline one\nline two\n\`\`\`\n\nx`);
    expect(ok.code).toBe(0);
    // A password in the address authorizes the fetch and is never passed on or shown.
    const secret = 'Pa55-w0rd-for-the-wiki';
    const withAuth = await runCli(['ask', ...openai(server.url), '-f', site.url.replace('http://', `http://ann:${secret}@`) + '/notes.txt', 'x'], {});
    expect(withAuth.code).toBe(0);
    expect(site.requests.at(-1)!.headers.authorization).toBe(`Basic ${Buffer.from(`ann:${secret}`).toString('base64')}`);
    expect(sent(server).content).toContain(`### ${site.url.replace('http://', 'http://ann:…@')}/notes.txt`);
    expect(server.requests.map((r) => r.body).join('') + withAuth.stderr + withAuth.stdout).not.toContain(secret);
    const gone = await runCli(['ask', ...openai(server.url), '-f', `${site.url}/gone`, 'x'], {});
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toMatch(/404/);
    expect(server.requests).toHaveLength(2);
  });
});
