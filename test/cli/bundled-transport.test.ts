import { readdirSync, readFileSync } from 'node:fs';
import { createSecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startServer, streamOpenAI, type LoopbackServer } from '../helpers/loopback-server.js';

// The bundle loads parts of undici differently from undici's own files (scripts/undici-trim.mjs):
// its HTTP/2 client only when a server agrees to h2, its parser without SIMD from a file beside
// the chunk. These run the built CLI over TLS and over plain HTTP with each parser.

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/tls/${name}`, import.meta.url));
const dist = fileURLToPath(new URL('../../dist', import.meta.url));
const KEY = 'sk-test-0123456789abcdef';

let closeServer: (() => Promise<unknown>) | undefined;
afterEach(async () => {
  await closeServer?.();
  closeServer = undefined;
});

/** An HTTPS server that offers h2 and HTTP/1.1 (ALPN), as most real API hosts do. */
async function startTlsServer(): Promise<{ url: string; versions: string[] }> {
  const versions: string[] = [];
  const server = createSecureServer({ key: readFileSync(fixture('loopback-key.pem')), cert: readFileSync(fixture('loopback-cert.pem')), allowHTTP1: true }, (req: Http2ServerRequest, res: Http2ServerResponse) => {
    versions.push(req.httpVersion);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const text of ['over ', 'TLS']) res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })}\n\n`);
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeServer = () => new Promise((resolve) => server.close(resolve));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, versions };
}

describe('the bundled HTTP client', () => {
  it('answers over HTTPS from a server that offers h2 as well (it speaks HTTP/1.1 there)', async () => {
    const server = await startTlsServer();
    const result = await runCli(['ask', '-p', 'openai', '-m', 'gpt-4o-mini', '--base-url', server.url, 'hi'], {
      env: { OPENAI_API_KEY: KEY, NODE_EXTRA_CA_CERTS: fixture('loopback-cert.pem') },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('over TLS\n');
    expect(server.versions).toEqual(['1.1']);
  });

  it.each([
    ['with SIMD (the parser in the chunk)', '0'],
    ['without SIMD (the parser read from beside the chunk)', '1'],
  ])('parses a plain HTTP answer %s', async (_name, noSimd) => {
    const server: LoopbackServer = await startServer((_req, res) => streamOpenAI(res, ['plain ', 'HTTP']));
    closeServer = () => server.close();
    const result = await runCli(['ask', '-p', 'openai', '-m', 'gpt-4o-mini', '--base-url', `${server.url}/v1`, 'hi'], { env: { OPENAI_API_KEY: KEY, UNDICI_NO_WASM_SIMD: noSimd } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('plain HTTP\n');
  });

  it('carries one copy of the parser in the chunks it loads', () => {
    const base64Of = (source: string) => /const wasmBase64 = '([^']+)'/.exec(source)![1];
    const withoutSimd = base64Of(readFileSync(`${dist}/chunks/llhttp-wasm.cjs`, 'utf8'));
    const withSimd = base64Of(readFileSync(createRequire(import.meta.url).resolve('undici/lib/llhttp/llhttp_simd-wasm.js'), 'utf8'));
    const chunks = readdirSync(`${dist}/chunks`).filter((name) => name.endsWith('.js'));
    const holding = (base64: string) => chunks.filter((name) => readFileSync(`${dist}/chunks/${name}`, 'utf8').includes(base64));
    expect(holding(withoutSimd)).toEqual([]);
    expect(holding(withSimd)).toHaveLength(1);
  });
});
