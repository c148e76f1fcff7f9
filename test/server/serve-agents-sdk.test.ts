import { Agent, OpenAIConversationsSession, OpenAIProvider, Runner, run, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled, tool } from '@openai/agents';
import type { ServerResponse } from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sentMessages, serveEcho } from '../helpers/echo-upstream.js';
import { closeStartedServers, serve, type LoopbackServer, type RecordedRequest } from '../helpers/loopback-server.js';
import { tempHome } from '../helpers/run-cli.js';
import { stopServes } from '../helpers/serve-process.js';

const ALICE = 'key-of-alice-123';
const BOB = 'key-of-bob-4567';

type Message = { role: string; content: string | null; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string };

/**
 * An OpenAI-compatible upstream: asked with tools after a user message, it calls `weather` for
 * Paris; after a tool result it says what the result said; otherwise it answers
 * `heard: <the last user message>` (streamed or whole).
 */
function upstreamAnswer(req: RecordedRequest, res: ServerResponse): void {
  const body = JSON.parse(req.body) as { stream?: boolean; tools?: unknown[]; messages: Message[] };
  const last = body.messages.at(-1)!;
  const call = body.tools?.length && last.role === 'user' ? { id: 'call_7', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } } : undefined;
  const text = call ? null : last.role === 'tool' ? `the tool said: ${last.content}` : `heard: ${body.messages.filter((m) => m.role === 'user').at(-1)?.content ?? ''}`;
  const message = { role: 'assistant', content: text, ...(call ? { tool_calls: [call] } : {}) };
  const finish = call ? 'tool_calls' : 'stop';
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'c', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason: finish }], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }));
    return;
  }
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) => `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
  const delta = call ? { role: 'assistant', tool_calls: [{ index: 0, ...call }] } : { role: 'assistant', content: text };
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(`${chunk(delta, null)}${chunk({}, finish)}data: [DONE]\n\n`);
}

/** What the upstream was sent in request `index`, tool calls and results included. */
function sentTurns(index: number): string[] {
  const body = JSON.parse(upstream.requests[index].body) as { messages: Message[] };
  return body.messages.map((m) => (m.tool_calls ? `${m.role} calls ${m.tool_calls.map((c) => `${c.function.name}${c.function.arguments} (${c.id})`).join(', ')}` : m.role === 'tool' ? `tool (${m.tool_call_id}): ${m.content}` : `${m.role}: ${m.content}`));
}

let upstream: LoopbackServer;
/** The bodies of the Responses requests the SDK sent through Alice's client, in order. */
const responsesSent: Array<Record<string, unknown>> = [];
let client: OpenAI;
let bobClient: OpenAI;

/**
 * The Agents SDK's default client is taken once per process (its default runner keeps the first
 * one it gets), as in an app: Alice's serve is it. Bob's serve shares the state directory with
 * another key and is reached through a runner of his own.
 */
beforeAll(async () => {
  upstream = await serve(upstreamAnswer);
  const home = tempHome();
  const alice = await serveEcho(upstream, ['--api-key', ALICE], { G4F_CHAT_HOME: home });
  const bob = await serveEcho(upstream, ['--api-key', BOB], { G4F_CHAT_HOME: home });
  const recording: typeof fetch = (url, init) => {
    if (String(url).endsWith('/v1/responses') && typeof init?.body === 'string') responsesSent.push(JSON.parse(init.body) as Record<string, unknown>);
    return fetch(url, init);
  };
  client = new OpenAI({ baseURL: alice.url, apiKey: ALICE, maxRetries: 0, fetch: recording });
  bobClient = new OpenAI({ baseURL: bob.url, apiKey: BOB, maxRetries: 0 });
  setDefaultOpenAIClient(client);
  setOpenAIAPI('responses');
  setTracingDisabled(true);
});

beforeEach(() => {
  upstream.requests.length = 0;
  responsesSent.length = 0;
});

afterAll(async () => {
  stopServes();
  await closeStartedServers();
});

const agent = () => new Agent({ name: 'Echo', instructions: 'Be brief.', model: 'auto' });

const FIRST_TURN = ['system: Be brief.', 'user: my name is Ada', 'assistant: heard: my name is Ada'];

describe('the OpenAI Agents SDK through serve, with what serve keeps (responses API)', () => {
  it('continues runs with previousResponseId, whole and streamed: the provider gets the earlier turns again', async () => {
    const first = await run(agent(), 'my name is Ada');
    expect(first.finalOutput).toBe('heard: my name is Ada');
    expect(first.lastResponseId).toMatch(/^resp_/);
    expect(sentMessages(upstream, 0)).toEqual(['system: Be brief.', 'user: my name is Ada']);

    const second = await run(agent(), 'what is my name?', { previousResponseId: first.lastResponseId });
    expect(second.finalOutput).toBe('heard: what is my name?');
    expect(second.lastResponseId).not.toBe(first.lastResponseId);
    expect(sentMessages(upstream, 1)).toEqual([...FIRST_TURN, 'user: what is my name?']);

    const third = await run(agent(), 'and again?', { previousResponseId: second.lastResponseId, stream: true });
    await third.completed;
    expect(third.finalOutput).toBe('heard: and again?');
    expect(sentMessages(upstream, 2)).toEqual([...FIRST_TURN, 'user: what is my name?', 'assistant: heard: what is my name?', 'user: and again?']);
    expect(await client.responses.retrieve(third.lastResponseId!)).toMatchObject({ previous_response_id: second.lastResponseId, output_text: 'heard: and again?' });
  });

  it('runs twice in a conversation made with conversations.create: the second turn sees the first, and the conversation holds both', async () => {
    const { id: conversationId } = await client.conversations.create({});

    const first = await run(agent(), 'my name is Ada', { conversationId });
    expect(first.finalOutput).toBe('heard: my name is Ada');
    const second = await run(agent(), 'what is my name?', { conversationId, stream: true });
    await second.completed;
    expect(second.finalOutput).toBe('heard: what is my name?');
    expect(sentMessages(upstream, 0)).toEqual(['system: Be brief.', 'user: my name is Ada']);
    expect(sentMessages(upstream, 1)).toEqual([...FIRST_TURN, 'user: what is my name?']);

    const items = (await client.conversations.items.list(conversationId, { order: 'asc' })).data;
    expect(items.map((item) => item.type === 'message' && `${item.role}: ${(item.content[0] as { text: string }).text}`)).toEqual(['user: my name is Ada', 'assistant: heard: my name is Ada', 'user: what is my name?', 'assistant: heard: what is my name?']);
  });

  it('keeps an OpenAIConversationsSession across runs, and getItems returns the turns', async () => {
    const session = new OpenAIConversationsSession({ client });

    const first = await run(agent(), 'my name is Ada', { session });
    expect(first.finalOutput).toBe('heard: my name is Ada');
    const conversationId = await session.getSessionId();
    expect(conversationId).toMatch(/^conv_/);
    const second = await run(agent(), 'what is my name?', { session });
    expect(second.finalOutput).toBe('heard: what is my name?');
    expect(sentMessages(upstream, 1)).toEqual([...FIRST_TURN, 'user: what is my name?']);
    expect(upstream.requests).toHaveLength(2);
    // The session is kept by the SDK: it reads the items (ids and all), sends them as input, and adds the new turn's items.
    expect(responsesSent[1]).not.toHaveProperty('conversation');
    expect(responsesSent[1].input).toMatchObject([{ id: expect.stringMatching(/^msg_/), role: 'user' }, { role: 'assistant' }, { role: 'user', content: 'what is my name?' }]);

    const items = await session.getItems();
    expect(items).toMatchObject([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'my name is Ada' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'heard: my name is Ada' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'what is my name?' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'heard: what is my name?' }] },
    ]);
    expect(items).toHaveLength(4);
    // The newest ones (paged newest first by the SDK), and the same conversation through a session made from its id.
    expect(await session.getItems(2)).toEqual(items.slice(2));
    expect(await new OpenAIConversationsSession({ client, conversationId }).getItems()).toEqual(items);
  });

  it('calls a tool inside a run kept on the server: the result goes back as the only new item, with the call before it', async () => {
    const weather = tool({ name: 'weather', description: 'The weather in a city', parameters: z.object({ city: z.string() }), execute: ({ city }) => `sunny in ${city}` });
    const withTool = new Agent({ name: 'Weather', instructions: 'Be brief.', model: 'auto', tools: [weather] });
    const expected = ['system: Be brief.', 'user: weather?', 'assistant calls weather{"city":"Paris"} (call_7)', 'tool (call_7): sunny in Paris'];

    const { id: conversationId } = await client.conversations.create({});
    const inConversation = await run(withTool, 'weather?', { conversationId });
    expect(inConversation.finalOutput).toBe('the tool said: sunny in Paris');
    expect(sentTurns(1)).toEqual(expected);
    const items = (await client.conversations.items.list(conversationId, { order: 'asc' })).data;
    expect(items.map((item) => item.type)).toEqual(['message', 'function_call', 'function_call_output', 'message']);
    expect(responsesSent[1]).toMatchObject({ conversation: conversationId, input: [{ type: 'function_call_output', call_id: 'call_7' }] });
    expect(responsesSent[1].input).toHaveLength(1);

    const first = await run(agent(), 'hello');
    const chained = await run(withTool, 'weather?', { previousResponseId: first.lastResponseId });
    expect(chained.finalOutput).toBe('the tool said: sunny in Paris');
    expect(sentTurns(4)).toEqual(['system: Be brief.', 'user: hello', 'assistant: heard: hello', ...expected.slice(1)]);
    // The call's response continues the first; the result continues the call's response, alone.
    expect(responsesSent[3]).toMatchObject({ previous_response_id: first.lastResponseId, input: [{ role: 'user', content: 'weather?' }] });
    expect(responsesSent[4]).toMatchObject({ previous_response_id: expect.stringMatching(/^resp_/), input: [{ type: 'function_call_output', call_id: 'call_7' }] });
    expect(responsesSent[4].previous_response_id).not.toBe(first.lastResponseId);
    expect(responsesSent[4].input).toHaveLength(1);
  });

  it('another API key cannot continue a response, or a conversation, it did not make: the 404 reaches the run as an error', async () => {
    const first = await run(agent(), 'my name is Ada');
    const { id: conversationId } = await client.conversations.create({});
    const bobRunner = new Runner({ modelProvider: new OpenAIProvider({ openAIClient: bobClient }) });

    const error = await bobRunner.run(agent(), 'what is my name?', { previousResponseId: first.lastResponseId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ status: 404, param: 'previous_response_id' });
    await expect(bobRunner.run(agent(), 'what is my name?', { conversationId })).rejects.toMatchObject({ status: 404, param: 'conversation' });
    await expect(new OpenAIConversationsSession({ client: bobClient, conversationId }).getItems()).rejects.toMatchObject({ status: 404 });
    expect(upstream.requests).toHaveLength(1);
  });
});
