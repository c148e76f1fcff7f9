import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { aliceAndBob, echoUpstream, sentMessages, serveEcho } from '../helpers/echo-upstream.js';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { tempHome } from '../helpers/run-cli.js';
import { stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

const clientOf = (url: string, apiKey = 'unused') => new OpenAI({ baseURL: url, apiKey, maxRetries: 0 });

describe('stored responses through serve (openai SDK), in files of the state directory', () => {
  it('stores a response by default, continues it with previous_response_id, lists its input, retrieves and deletes it', async () => {
    const upstream = await echoUpstream();
    const home = tempHome();
    const { url } = await serveEcho(upstream, [], { G4F_CHAT_HOME: home });
    const client = clientOf(url);

    const first = await client.responses.create({ model: 'auto', instructions: 'Be brief.', input: 'my name is Ada' });
    expect(first.output_text).toBe('heard: my name is Ada');
    expect(first).toMatchObject({ store: true });

    const second = await client.responses.create({ model: 'auto', input: [{ role: 'user', content: 'what is my name?' }], previous_response_id: first.id });
    expect(second.previous_response_id).toBe(first.id);
    // The stored turn comes before the new input; the earlier instructions are not carried over (as OpenAI does).
    expect(sentMessages(upstream, 1)).toEqual(['user: my name is Ada', 'assistant: heard: my name is Ada', 'user: what is my name?']);

    // A chain of three: the first two turns both come back.
    const stream = await client.responses.create({ model: 'auto', input: 'and again?', previous_response_id: second.id, stream: true });
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) if (event.type === 'response.completed') completed = event.response;
    expect(sentMessages(upstream, 2)).toHaveLength(5);
    expect(completed?.output[0]).toMatchObject({ type: 'message', content: [{ type: 'output_text', text: 'heard: and again?' }] });

    const fetched = await client.responses.retrieve(first.id);
    expect(fetched).toMatchObject({ id: first.id, object: 'response', status: 'completed' });
    expect(fetched.output_text).toBe('heard: my name is Ada');
    const streamedBack = await client.responses.retrieve(completed!.id);
    expect(streamedBack.output_text).toBe('heard: and again?');

    const items = [];
    for await (const item of client.responses.inputItems.list(second.id)) items.push(item);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'what is my name?' }] });
    expect(items[0].id).toMatch(/^msg_/);

    // Kept owner-only in the state directory.
    const dir = join(home, 'serve-store');
    const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
    expect(files).toContain(`response.${first.id}.json`);
    for (const name of files) expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);

    const deleted: unknown = await client.responses.delete(first.id);
    expect(deleted).toEqual({ id: first.id, object: 'response.deleted', deleted: true });
    await expect(client.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
    // A chain whose start is gone is refused by name, never cut silently.
    const error = await client.responses.create({ model: 'auto', input: 'x', previous_response_id: second.id }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, param: 'previous_response_id' });
    expect(String((error as Error).message)).toContain(first.id);
  });

  it('keeps nothing with store:false, and a response of another server is unknown', async () => {
    const upstream = await echoUpstream();
    const { url } = await serveEcho(upstream);
    const client = clientOf(url);
    const unstored = await client.responses.create({ model: 'auto', input: 'hi', store: false });
    expect(unstored).toMatchObject({ store: false });
    await expect(client.responses.retrieve(unstored.id)).rejects.toMatchObject({ status: 404 });
    await expect(client.responses.create({ model: 'auto', input: 'x', previous_response_id: unstored.id })).rejects.toMatchObject({ status: 404, param: 'previous_response_id' });
    await expect(client.responses.retrieve('resp_0123')).rejects.toMatchObject({ status: 404 });
    await expect(client.responses.retrieve('../../etc/passwd')).rejects.toMatchObject({ status: 404 });
    expect(upstream.requests).toHaveLength(1);
  });

  it('a stored response belongs to the key that made it: a server with another key sharing the files answers 404', async () => {
    const upstream = await echoUpstream();
    const { alice, bob, home } = await aliceAndBob(upstream);
    const made = await alice.responses.create({ model: 'auto', input: 'secret plans' });
    expect((await alice.responses.retrieve(made.id)).id).toBe(made.id);
    await expect(bob.responses.retrieve(made.id)).rejects.toMatchObject({ status: 404 });
    await expect(bob.responses.delete(made.id)).rejects.toMatchObject({ status: 404 });
    await expect(bob.responses.create({ model: 'auto', input: 'x', previous_response_id: made.id })).rejects.toMatchObject({ status: 404 });
    // The key itself is written nowhere.
    const dir = join(home, 'serve-store');
    for (const name of readdirSync(dir)) expect(readFileSync(join(dir, name), 'utf8')).not.toContain('key-of-alice');
  });
});
