// What a user would write: the official openai SDK, streaming to stdout.
import OpenAI from 'openai';

const base = process.argv[2];
const client = new OpenAI({ baseURL: base, apiKey: 'sk-bench' });
const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
for await (const chunk of stream) {
  const content = chunk.choices[0]?.delta?.content;
  if (content) process.stdout.write(content);
}
process.stdout.write('\n');
