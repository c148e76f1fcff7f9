// Benchmark rows for tools and serve, measured against plain `ask` and straight requests in the
// same run: `ask -T` with a cached MCP tool list and no call, one tool round trip, and what
// `serve` adds to 200 sequential short requests and to 50 concurrent streams (at memory speed, and
// paced as a model writes).
import { spawn } from 'node:child_process';
import { request, Agent } from 'node:http';
import { fileURLToPath } from 'node:url';
import { interleaved, median, timeRun } from './measure.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export async function measureTools({ node, bin, env, base, runs, row }) {
  const fixture = fileURLToPath(new URL('../test/fixtures/mcp-files-server.mjs', import.meta.url));
  await timeRun(node, [bin, 'mcp', 'add', 'files', '--env', `MCP_ROOT=${root}`, '--', node, fixture], { env });
  // Fills the tool-list cache: later runs never start the server unless the model calls it.
  await timeRun(node, [bin, 'mcp', 'list'], { env });
  const ask = (...extra) => [bin, 'ask', '-p', 'openai', '-m', 'gpt-4o-mini', '--no-history', '--base-url', base, ...extra, 'hi'];
  const toolBase = base.replace(/\/c\d+$/, '/tool');
  const samples = await interleaved(
    [
      { name: 'g4f-chat ask', run: () => timeRun(node, ask(), { env }) },
      { name: 'ask -T (cached, no call)', run: () => timeRun(node, ask('-T', 'files'), { env }) },
      { name: 'ask -T read_file round trip', run: () => timeRun(node, [bin, 'ask', '-p', 'openai', '-m', 'gpt-4o-mini', '--no-history', '--base-url', toolBase, '-T', 'read_file', '--approve', 'all', 'hi'], { env, cwd: root }) },
    ],
    runs,
  );
  const ms = (name) => median(samples[name].map((s) => s.ms));
  row('tools', 'g4f-chat ask', ms('g4f-chat ask'), 'ms', 1);
  row('tools', 'ask -T (cached, no call)', ms('ask -T (cached, no call)'), 'ms', ms('ask -T (cached, no call)') / ms('g4f-chat ask'), '≤ 1.1');
  row('tools', 'ask -T read_file round trip', ms('ask -T read_file round trip'), 'ms', ms('ask -T read_file round trip') / ms('g4f-chat ask'));
}

/** `g4f-chat serve` in front of `upstream`; resolves with its /v1 address and a stop function. */
async function startServe(node, bin, env, upstream) {
  const child = spawn(node, [bin, 'serve', '--port', '0', '-p', 'openai'], { env: { ...env, OPENAI_BASE_URL: upstream }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  while (!/listening on (http:\/\/\S+\/v1)/.test(stderr)) await new Promise((r) => setTimeout(r, 20));
  return { url: /listening on (http:\/\/\S+\/v1)/.exec(stderr)[1], stop: () => child.kill() };
}

/** The bare proxy hop (bench/baseline-proxy.mjs) in front of `upstream`: the floor for serve. */
async function startBareProxy(node, upstream) {
  const child = spawn(node, [fileURLToPath(new URL('./baseline-proxy.mjs', import.meta.url)), upstream], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(String(d).trim())));
  return { url, stop: () => child.kill() };
}

export async function measureServe({ node, bin, env, base, runs, row }) {
  const streamsBase = base.replace(/\/c\d+$/, '/c2000');
  const pacedBase = base.replace(/\/c\d+$/, '/p200');
  const short = await startServe(node, bin, env, base);
  const long = await startServe(node, bin, env, streamsBase);
  const pacedServe = await startServe(node, bin, env, pacedBase);
  const shortHop = await startBareProxy(node, base);
  const longHop = await startBareProxy(node, streamsBase);
  const pacedHop = await startBareProxy(node, pacedBase);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const body = JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }], stream: true });
  const post = (url) =>
    new Promise((resolve, reject) => {
      const req = request(`${url}/chat/completions`, { method: 'POST', agent, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench-000000' } }, (res) => {
        res.on('data', () => {});
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(body);
    });
  const timed = async (work) => {
    const started = performance.now();
    await work();
    return { ms: performance.now() - started };
  };
  const sequential = (url) => timed(async () => {
    for (let i = 0; i < 200; i++) await post(url);
  });
  const concurrent = (url) => timed(() => Promise.all(Array.from({ length: 50 }, () => post(url))));
  try {
    const seq = await interleaved(
      [
        { name: 'direct', run: () => sequential(base) },
        { name: 'hop', run: () => sequential(shortHop.url) },
        { name: 'serve', run: () => sequential(short.url) },
      ],
      runs,
    );
    const con = await interleaved(
      [
        { name: 'direct', run: () => concurrent(streamsBase) },
        { name: 'hop', run: () => concurrent(longHop.url) },
        { name: 'serve', run: () => concurrent(long.url) },
      ],
      runs,
    );
    // Streams as a model writes them: what serve adds to what a client waits for.
    const paced = await interleaved(
      [
        { name: 'direct', run: () => concurrent(pacedBase) },
        { name: 'hop', run: () => concurrent(pacedHop.url) },
        { name: 'serve', run: () => concurrent(pacedServe.url) },
      ],
      runs,
    );
    const m = (samples, name) => median(samples[name].map((s) => s.ms));
    const perRequest = (name) => `+${((m(seq, name) - m(seq, 'direct')) / 200).toFixed(2)} ms a request`;
    row('serve', '200 short requests, direct', m(seq, 'direct'), 'ms', 1);
    row('serve', '200 short requests, bare proxy hop', m(seq, 'hop'), 'ms', m(seq, 'hop') / m(seq, 'direct'), `${perRequest('hop')} (the floor of any hop)`);
    const overHop = ((m(seq, 'serve') - m(seq, 'hop')) / 200).toFixed(2);
    row('serve', '200 short requests, via serve', m(seq, 'serve'), 'ms', m(seq, 'serve') / m(seq, 'direct'), `${perRequest('serve')}, +${overHop} ms over the hop's (≤ 0.5)`);
    row('serve', '50 streams of 2,000 chunks, direct', m(con, 'direct'), 'ms', 1);
    row('serve', '50 streams of 2,000 chunks, bare proxy hop', m(con, 'hop'), 'ms', m(con, 'hop') / m(con, 'direct'), 'bytes piped, nothing parsed');
    row('serve', '50 streams of 2,000 chunks, via serve', m(con, 'serve'), 'ms', m(con, 'serve') / m(con, 'direct'), `${(m(con, 'serve') / m(con, 'hop')).toFixed(2)}× the bare hop (≤ 1.5)`);
    row('serve', '50 paced streams (200 chunks 1 ms apart), direct', m(paced, 'direct'), 'ms', 1);
    row('serve', '50 paced streams, bare proxy hop', m(paced, 'hop'), 'ms', m(paced, 'hop') / m(paced, 'direct'));
    row('serve', '50 paced streams, via serve', m(paced, 'serve'), 'ms', m(paced, 'serve') / m(paced, 'direct'), '≤ 1.05');
  } finally {
    short.stop();
    long.stop();
    pacedServe.stop();
    shortHop.stop();
    longHop.stop();
    pacedHop.stop();
    agent.destroy();
  }
}
