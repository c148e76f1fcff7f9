import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { echoUpstream, sentMessages, serveEcho } from '../helpers/echo-upstream.js';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { REDIS_SERVER_FOUND, startRedis, stopRedises } from '../helpers/redis-server.js';
import { runCli } from '../helpers/run-cli.js';
import { stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await stopRedises();
  await closeStartedServers();
});

if (!REDIS_SERVER_FOUND) console.warn('serve --store redis:// tests skipped: redis-server is not installed here (.ci/run installs it from the system packages)');

const clientOf = (url: string) => new OpenAI({ baseURL: url, apiKey: 'unused', maxRetries: 0 });

describe.skipIf(!REDIS_SERVER_FOUND)('serve --store redis:// (a real redis-server on 127.0.0.1)', () => {
  it('two serve processes share it: a response made through one is continued, retrieved and deleted through the other', async () => {
    const redis = await startRedis();
    const upstream = await echoUpstream();
    const one = await serveEcho(upstream, ['--store', redis.url]);
    const two = await serveEcho(upstream, ['--store', redis.url]);
    const first = await clientOf(one.url).responses.create({ model: 'auto', input: 'my name is Ada' });
    const second = await clientOf(two.url).responses.create({ model: 'auto', input: 'what is my name?', previous_response_id: first.id });
    expect(second.output_text).toBe('heard: what is my name?');
    expect(sentMessages(upstream, 1)).toEqual(['user: my name is Ada', 'assistant: heard: my name is Ada', 'user: what is my name?']);
    expect((await clientOf(two.url).responses.retrieve(first.id)).output_text).toBe('heard: my name is Ada');

    const conversation = await clientOf(two.url).conversations.create({ items: [{ type: 'message', role: 'user', content: 'remember 42' }] });
    await clientOf(one.url).responses.create({ model: 'auto', input: 'what number?', conversation: conversation.id });
    const items = await clientOf(two.url).conversations.items.list(conversation.id, { order: 'asc' });
    expect(items.data.map((item) => item.type)).toEqual(['message', 'message', 'message']);
    // Updated and an item deleted through one, seen so through the other.
    await clientOf(one.url).conversations.update(conversation.id, { metadata: { topic: 'numbers' } });
    expect((await clientOf(two.url).conversations.retrieve(conversation.id)).metadata).toEqual({ topic: 'numbers' });
    const [remember] = items.data as Array<{ id: string }>;
    expect(await clientOf(two.url).conversations.items.retrieve(remember.id, { conversation_id: conversation.id })).toMatchObject({ id: remember.id, role: 'user' });
    await clientOf(one.url).conversations.items.delete(remember.id, { conversation_id: conversation.id });
    await expect(clientOf(two.url).conversations.items.retrieve(remember.id, { conversation_id: conversation.id })).rejects.toMatchObject({ status: 404 });
    await expect(clientOf(two.url).conversations.items.delete(remember.id, { conversation_id: conversation.id })).rejects.toMatchObject({ status: 404 });
    expect((await clientOf(two.url).conversations.items.list(conversation.id)).data).toHaveLength(2);

    await clientOf(one.url).responses.delete(first.id);
    await expect(clientOf(two.url).responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
  });

  it('a Redis that goes away is a 503 naming it, in a stream too; serve lives on and answers again once it is back', async () => {
    const redis = await startRedis();
    const upstream = await echoUpstream();
    const { url, child } = await serveEcho(upstream, ['--store', redis.url]);
    const client = clientOf(url);
    const kept = await client.responses.create({ model: 'auto', input: 'before' });
    await redis.kill();

    const refused = await client.responses.retrieve(kept.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 503, code: 'store_unavailable' });
    expect((refused as Error).message).toContain(`the response store at ${redis.url} is not answering`);
    await expect(client.responses.create({ model: 'auto', input: 'x', previous_response_id: kept.id })).rejects.toMatchObject({ status: 503 });
    // An answer that cannot be kept is not reported complete: the client hears why.
    await expect(client.responses.create({ model: 'auto', input: 'lost?' })).rejects.toMatchObject({ status: 503 });
    const stream = await client.responses.create({ model: 'auto', input: 'lost?', stream: true });
    const types: string[] = [];
    let failure: OpenAI.Responses.ResponseFailedEvent | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.failed') failure = event;
    }
    expect(types).not.toContain('response.completed');
    expect(failure?.response.error?.message).toContain(`the response store at ${redis.url} is not answering`);
    expect(child.exitCode).toBeNull();

    // Back on the same port: the client reconnects by itself (the data went with the old process).
    await startRedis(redis.port);
    let again: OpenAI.Responses.Response | undefined;
    for (let attempt = 0; attempt < 50 && !again; attempt++) {
      again = await client.responses.create({ model: 'auto', input: 'after' }).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return undefined;
      });
    }
    expect(again?.output_text).toBe('heard: after');
    expect((await client.responses.retrieve(again!.id)).id).toBe(again!.id);
  });

  it('a Redis that does not answer at start stops serve with its address, never its password', async () => {
    const redis = await startRedis();
    await redis.kill();
    const result = await runCli(['serve', '--port', '0', '--store', `redis://:hunter2-secret@127.0.0.1:${redis.port}`], { killAfterMs: 15_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`the response store at redis://127.0.0.1:${redis.port} is not answering`);
    expect(result.stderr).not.toContain('hunter2');
  });
});
