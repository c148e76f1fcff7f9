// An OpenAI-compatible server on 127.0.0.1 for the benchmark, in its own process.
// POST /c<N>/chat/completions answers with N SSE events (the count rides in the base URL,
// so every client sends the same request), written in batches so the server is never the bottleneck.
import { createServer } from 'node:http';

const BATCH = 500;

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    if (!req.url.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    const total = Number(/\/c(\d+)\//.exec(req.url)?.[1] ?? 20);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const event = (i) => `data: {"id":"b","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"tok${i % 10} "},"finish_reason":null}]}\n\n`;
    let i = 0;
    const pump = () => {
      while (i < total) {
        let batch = '';
        const end = Math.min(total, i + BATCH);
        for (; i < end; i++) batch += event(i);
        if (!res.write(batch)) return res.once('drain', pump);
      }
      res.end('data: {"id":"b","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
    };
    pump();
  });
});
server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
