// An OpenAI-compatible server on 127.0.0.1 for the benchmark, in its own process.
// POST /c<N>/chat/completions answers with N SSE events (the count rides in the base URL,
// so every client sends the same request), written in batches so the server is never the bottleneck;
// POST /p<N>/chat/completions paces its N events a millisecond apart, as a model would (faster).
import { createServer } from 'node:http';

const BATCH = 500;

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    // Anything but a chat request (a model list asked before the first request) has no answer here.
    if (!req.url.endsWith('/chat/completions')) {
      res.writeHead(404).end();
      return;
    }
    // /tool/…: asks for read_file once, then answers (a tool round trip).
    if (req.url.startsWith('/tool/')) return toolTurn(JSON.parse(Buffer.concat(chunks).toString('utf8')), res);
    const total = Number(/\/[cp](\d+)\//.exec(req.url)?.[1] ?? 20);
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const event = (i) => `data: {"id":"b","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"tok${i % 10} "},"finish_reason":null}]}\n\n`;
    // /p<N>/…: paced like a model, one event a millisecond (faster than any model writes).
    if (req.url.startsWith('/p')) return paced(res, total, event);
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
function paced(res, total, event) {
  let i = 0;
  const next = () => {
    if (i < total) {
      res.write(event(i++));
      setTimeout(next, 1);
    } else res.end('data: {"id":"b","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
  };
  next();
}
function toolTurn(body, res) {
  const answered = body.messages.some((m) => m.role === 'tool');
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const chunk = (delta, finish = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  if (answered) return res.end(`${chunk({ content: 'read it' })}${chunk({}, 'stop')}data: [DONE]\n\n`);
  res.end(`${chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'read_file', arguments: JSON.stringify({ path: 'package.json' }) } }] })}${chunk({}, 'tool_calls')}data: [DONE]\n\n`);
}

server.listen(Number(process.env.BENCH_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
