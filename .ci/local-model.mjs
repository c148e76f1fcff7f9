// A local model server for CI, speaking Ollama's API (ollama/ollama docs/api.md: GET /api/tags,
// POST /api/chat streamed as NDJSON), so the README's first command runs as written on a machine
// with no network: `auto` asks a local Ollama first. Prints its address, then serves until killed.
import { createServer } from 'node:http';

const MODEL = 'ci-local:latest';
const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/api/tags') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ models: [{ name: MODEL, model: MODEL, size: 1 }] }));
    return;
  }
  if (req.method === 'POST' && req.url === '/api/chat') {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const words = ['Rayleigh ', 'scattering: ', 'blue light ', 'scatters most.'];
      for (const word of words) res.write(`${JSON.stringify({ model: MODEL, message: { role: 'assistant', content: word }, done: false })}\n`);
      res.end(`${JSON.stringify({ model: MODEL, message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 5, eval_count: 4 })}\n`);
    });
    return;
  }
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: 'not found' }));
});
server.listen(0, '127.0.0.1', () => console.log(`127.0.0.1:${server.address().port}`));
