// The floor: the least a Node script can do to stream an OpenAI answer to stdout with undici.
import { request } from 'undici';

const base = process.argv[2];
const { body } = await request(`${base}/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer sk-bench' },
  body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true }),
});
const decoder = new TextDecoder();
let buffer = '';
outer: for await (const chunk of body) {
  buffer += decoder.decode(chunk, { stream: true });
  let out = '';
  let end;
  while ((end = buffer.indexOf('\n\n')) !== -1) {
    const event = buffer.slice(0, end);
    buffer = buffer.slice(end + 2);
    const data = event.slice(6);
    if (data === '[DONE]') {
      process.stdout.write(out);
      break outer;
    }
    const content = JSON.parse(data).choices[0]?.delta?.content;
    if (content) out += content;
  }
  process.stdout.write(out);
}
process.stdout.write('\n');
