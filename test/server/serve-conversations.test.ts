import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { aliceAndBob, echoUpstream, sentMessages, serveEcho } from '../helpers/echo-upstream.js';
import { closeStartedServers } from '../helpers/loopback-server.js';
import { stopServes } from '../helpers/serve-process.js';

afterEach(async () => {
  stopServes();
  await closeStartedServers();
});

const clientOf = (url: string, apiKey = 'unused') => new OpenAI({ baseURL: url, apiKey, maxRetries: 0 });

async function allItems(client: OpenAI, id: string, order?: 'asc') {
  const items: OpenAI.Conversations.ConversationItem[] = [];
  for await (const item of client.conversations.items.list(id, { ...(order ? { order } : {}), limit: 2 })) items.push(item);
  return items;
}

const texts = (items: OpenAI.Conversations.ConversationItem[]) => items.map((item) => (item.type === 'message' ? `${item.role}: ${(item.content[0] as { text: string }).text}` : item.type));

describe('the Conversations API through serve (openai SDK)', () => {
  it('creates, retrieves, lists and adds items, answers responses in the conversation, and deletes it', async () => {
    const upstream = await echoUpstream();
    const { url } = await serveEcho(upstream);
    const client = clientOf(url);

    const conversation = await client.conversations.create({ metadata: { topic: 'names' }, items: [{ type: 'message', role: 'user', content: 'my name is Ada' }] });
    expect(conversation).toMatchObject({ object: 'conversation', metadata: { topic: 'names' } });
    expect(conversation.id).toMatch(/^conv_/);
    expect(await client.conversations.retrieve(conversation.id)).toEqual(conversation);

    const added = await client.conversations.items.create(conversation.id, { items: [{ type: 'message', role: 'assistant', content: 'Hello Ada.' }] });
    expect(added.data).toHaveLength(1);

    const answer = await client.responses.create({ model: 'auto', input: 'what is my name?', conversation: conversation.id });
    expect(answer.output_text).toBe('heard: what is my name?');
    expect(answer).toMatchObject({ conversation: { id: conversation.id } });
    expect(sentMessages(upstream, 0)).toEqual(['user: my name is Ada', 'assistant: Hello Ada.', 'user: what is my name?']);

    // Streamed, with the conversation as an object: the earlier answer is in what the provider gets.
    const stream = await client.responses.create({ model: 'auto', input: 'and now?', conversation: { id: conversation.id }, stream: true });
    for await (const event of stream) expect(event.type).not.toBe('error');
    expect(sentMessages(upstream, 1)).toEqual(['user: my name is Ada', 'assistant: Hello Ada.', 'user: what is my name?', 'assistant: heard: what is my name?', 'user: and now?']);

    // Paged two at a time by the SDK, oldest first when asked; newest first by default.
    const items = await allItems(client, conversation.id, 'asc');
    expect(texts(items)).toEqual(['user: my name is Ada', 'assistant: Hello Ada.', 'user: what is my name?', 'assistant: heard: what is my name?', 'user: and now?', 'assistant: heard: and now?']);
    expect(texts(await allItems(client, conversation.id))).toEqual(texts(items).reverse());
    expect(new Set(items.map((item) => (item as { id: string }).id)).size).toBe(6);

    const deleted = await client.conversations.delete(conversation.id);
    expect(deleted).toMatchObject({ id: conversation.id, deleted: true });
    await expect(client.conversations.retrieve(conversation.id)).rejects.toMatchObject({ status: 404 });
    await expect(client.responses.create({ model: 'auto', input: 'x', conversation: conversation.id })).rejects.toMatchObject({ status: 404, param: 'conversation' });
    expect(upstream.requests).toHaveLength(2);
  });

  it('updates metadata, retrieves and deletes one item (gone from what the provider gets next); another key gets 404s', async () => {
    const upstream = await echoUpstream();
    const { alice, bob } = await aliceAndBob(upstream);
    const conversation = await alice.conversations.create({ metadata: { topic: 'names' }, items: [{ type: 'message', role: 'user', content: 'my name is Ada' }, { type: 'message', role: 'user', content: 'forget this' }] });

    const updated = await alice.conversations.update(conversation.id, { metadata: { topic: 'people', owner: 'ada' } });
    expect(updated).toEqual({ ...conversation, metadata: { topic: 'people', owner: 'ada' } });
    expect(await alice.conversations.retrieve(conversation.id)).toEqual(updated);
    await expect(alice.conversations.update(conversation.id, { metadata: { n: 1 } as never })).rejects.toMatchObject({ status: 400, param: 'metadata' });

    const [first, second] = (await alice.conversations.items.list(conversation.id, { order: 'asc' })).data as Array<{ id: string }>;
    expect(await alice.conversations.items.retrieve(second.id, { conversation_id: conversation.id })).toMatchObject({ id: second.id, type: 'message', role: 'user', content: [{ type: 'input_text', text: 'forget this' }] });
    await expect(bob.conversations.items.retrieve(second.id, { conversation_id: conversation.id })).rejects.toMatchObject({ status: 404 });
    await expect(bob.conversations.items.delete(second.id, { conversation_id: conversation.id })).rejects.toMatchObject({ status: 404 });
    await expect(bob.conversations.update(conversation.id, { metadata: {} })).rejects.toMatchObject({ status: 404 });

    expect(await alice.conversations.items.delete(second.id, { conversation_id: conversation.id })).toEqual(updated);
    await expect(alice.conversations.items.retrieve(second.id, { conversation_id: conversation.id })).rejects.toMatchObject({ status: 404 });
    await expect(alice.conversations.items.delete(second.id, { conversation_id: conversation.id })).rejects.toMatchObject({ status: 404 });
    expect((await alice.conversations.items.list(conversation.id)).data.map((item) => (item as { id: string }).id)).toEqual([first.id]);
    await alice.responses.create({ model: 'auto', input: 'what is my name?', conversation: conversation.id });
    expect(sentMessages(upstream, 0)).toEqual(['user: my name is Ada', 'user: what is my name?']);

    // Cleared with null; a conversation of another key is not found, nor one deleted.
    expect((await alice.conversations.update(conversation.id, { metadata: null })).metadata).toEqual({});
    await alice.conversations.delete(conversation.id);
    await expect(alice.conversations.update(conversation.id, { metadata: {} })).rejects.toMatchObject({ status: 404 });
    await expect(alice.conversations.items.retrieve(first.id, { conversation_id: conversation.id })).rejects.toMatchObject({ status: 404 });
  });

  it('refuses what it cannot keep by name, and another key finds nothing', async () => {
    const upstream = await echoUpstream();
    const { alice, bob } = await aliceAndBob(upstream);
    const conversation = await alice.conversations.create({});
    await expect(bob.conversations.retrieve(conversation.id)).rejects.toMatchObject({ status: 404 });
    await expect(bob.conversations.items.list(conversation.id)).rejects.toMatchObject({ status: 404 });
    await expect(bob.conversations.items.create(conversation.id, { items: [{ type: 'message', role: 'user', content: 'x' }] })).rejects.toMatchObject({ status: 404 });
    await expect(bob.conversations.delete(conversation.id)).rejects.toMatchObject({ status: 404 });
    await expect(bob.responses.create({ model: 'auto', input: 'x', conversation: conversation.id })).rejects.toMatchObject({ status: 404 });
    const tooMany = Array.from({ length: 21 }, () => ({ type: 'message' as const, role: 'user' as const, content: 'x' }));
    await expect(alice.conversations.items.create(conversation.id, { items: tooMany })).rejects.toMatchObject({ status: 400, param: 'items' });
    await expect(alice.conversations.items.create(conversation.id, { items: [{ type: 'web_search_call' } as never] })).rejects.toMatchObject({ status: 400 });
    await expect(alice.responses.create({ model: 'auto', input: 'x', conversation: conversation.id, previous_response_id: 'resp_1' })).rejects.toMatchObject({ status: 400 });
    expect((await alice.conversations.items.list(conversation.id)).data).toEqual([]);
    expect(upstream.requests).toHaveLength(0);
  });
});
