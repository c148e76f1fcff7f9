import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
});
