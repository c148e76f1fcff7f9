import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { backPressuredWriter } from '../../src/server/run-chat.js';

describe('the answer writer', () => {
  it('an answer ended in the same turn as its writes arrives whole (Node 22 drops corked writes on end)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const out = backPressuredWriter(res);
      out.write('data: one\n\n');
      out.write('data: two\n\n');
      out.end('data: [DONE]\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(await res.text()).toBe('data: one\n\ndata: two\n\ndata: [DONE]\n\n');
    } finally {
      server.close();
    }
  });

  /** The system calls a response's connection makes: each `_write`/`_writev` of the socket is one. */
  function countWrites(res: ServerResponse): { calls: number } {
    const counted = { calls: 0 };
    const socket = res.socket as Socket & { _write: (...args: unknown[]) => void; _writev: (...args: unknown[]) => void };
    for (const name of ['_write', '_writev'] as const) {
      const original = socket[name].bind(socket);
      socket[name] = (...args: unknown[]) => {
        counted.calls += 1;
        original(...args);
      };
    }
    return counted;
  }

  async function answered(handler: (res: ServerResponse) => Promise<{ calls: number }>): Promise<{ text: string; calls: number }> {
    let counted: Promise<{ calls: number }> | undefined;
    const server = createServer((_req, res) => void (counted = handler(res)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const text = await res.text();
      return { text, calls: (await counted!).calls };
    } finally {
      server.close();
    }
  }

  it('an answer written and ended in one turn leaves in one write of the connection, its head and end included', async () => {
    const { text, calls } = await answered(async (res) => {
      const counted = countWrites(res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const out = backPressuredWriter(res);
      out.write('data: one\n\n');
      out.write('data: two\n\n');
      out.end('data: [DONE]\n\n');
      await new Promise((resolve) => res.on('finish', resolve));
      return counted;
    });
    expect(text).toBe('data: one\n\ndata: two\n\ndata: [DONE]\n\n');
    expect(calls).toBe(1);
  });

  it('writes of one turn leave together, the next turn\'s with the end: two writes, nothing lost or reordered', async () => {
    const { text, calls } = await answered(async (res) => {
      const counted = countWrites(res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const out = backPressuredWriter(res);
      out.write('data: one\n\n');
      out.write('data: two\n\n');
      await new Promise((resolve) => setTimeout(resolve, 20));
      out.write('data: three\n\n');
      out.end();
      await new Promise((resolve) => res.on('finish', resolve));
      return counted;
    });
    expect(text).toBe('data: one\n\ndata: two\n\ndata: three\n\n');
    expect(calls).toBe(2);
  });

  it('an end with nothing written before it still sends the head and the words', async () => {
    const { text } = await answered(async (res) => {
      const counted = countWrites(res);
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      backPressuredWriter(res).end('data: [DONE]\n\n');
      await new Promise((resolve) => res.on('finish', resolve));
      return counted;
    });
    expect(text).toBe('data: [DONE]\n\n');
  });
});
