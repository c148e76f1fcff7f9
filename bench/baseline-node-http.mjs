// The true floor: the least a Node script can do to stream an OpenAI answer to stdout, with
// Node's own http client and a hand-split SSE loop. Correct for this stream: stops at [DONE],
// writes each network chunk's deltas in one write.
import { request } from 'node:http';

const base = new URL(`${process.argv[2]}/chat/completions`);
const req = request(base, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' } }, (res) => {
  res.setEncoding('utf8');
  let buffer = '';
  res.on('data', (chunk) => {
    buffer += chunk;
    let out = '';
    let start = 0;
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', start)) {
      const data = buffer.slice(start + 6, end);
      start = end + 2;
      if (data === '[DONE]') {
        process.stdout.write(`${out}\n`);
        res.destroy();
        return;
      }
      const content = JSON.parse(data).choices[0]?.delta?.content;
      if (content) out += content;
    }
    buffer = buffer.slice(start);
    if (out) process.stdout.write(out);
  });
});
req.end(JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }));
