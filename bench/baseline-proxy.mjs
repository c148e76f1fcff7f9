// The floor for `serve`: a bare HTTP hop in Node — node:http in front, undici's pooled client
// behind, the upstream's bytes piped through untouched (no parsing, no chain, no mapping).
// Whatever serve adds beyond this hop is serve's own cost. Prints its /v1 address on stdout.
//   node bench/baseline-proxy.mjs http://127.0.0.1:PORT/c20
import { createServer } from 'node:http';
import { Agent, request } from 'undici';

const upstream = new URL(process.argv[2]);
const dispatcher = new Agent({ keepAliveTimeout: 10_000 });

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', async () => {
    try {
      const answer = await request(`${upstream.origin}${upstream.pathname}${req.url.replace(/^\/v1/, '')}`, {
        method: 'POST',
        dispatcher,
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      });
      res.writeHead(answer.statusCode, { 'content-type': answer.headers['content-type'] ?? 'text/event-stream' });
      for await (const chunk of answer.body) if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
      res.end();
    } catch (error) {
      res.writeHead(502).end(String(error));
    }
  });
});

server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port}/v1\n`));
