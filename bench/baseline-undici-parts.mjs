// undici as g4f-chat loads it (only the dispatcher and request parts, WebAssembly parser on
// V8's baseline tier), streaming the same answer as the node:http floor: what undici itself
// costs, apart from everything g4f-chat does.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--liftoff-only');
const [agent, dispatcher, apiRequest] = await Promise.all([
  import('undici/lib/dispatcher/agent.js'),
  import('undici/lib/dispatcher/dispatcher.js'),
  import('undici/lib/api/api-request.js'),
]);
Object.assign(dispatcher.default.prototype, { request: apiRequest.default });
const client = new agent.default();
const base = new URL(`${process.argv[2]}/chat/completions`);
const { body } = await client.request({
  origin: base.origin,
  path: base.pathname,
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
  body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }),
});
const decoder = new TextDecoder();
let buffer = '';
outer: for await (const chunk of body) {
  buffer += decoder.decode(chunk, { stream: true });
  let out = '';
  let start = 0;
  for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', start)) {
    const data = buffer.slice(start + 6, end);
    start = end + 2;
    if (data === '[DONE]') {
      process.stdout.write(`${out}\n`);
      break outer;
    }
    const content = JSON.parse(data).choices[0]?.delta?.content;
    if (content) out += content;
  }
  buffer = buffer.slice(start);
  if (out) process.stdout.write(out);
}
process.exit(0);
