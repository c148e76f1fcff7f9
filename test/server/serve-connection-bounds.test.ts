import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, openAIChunk, serve } from '../helpers/loopback-server.js';
import { startServe, stopServes } from '../helpers/serve-process.js';

const opened: Socket[] = [];
afterEach(async () => {
  for (const socket of opened.splice(0)) socket.destroy();
  stopServes();
  await closeStartedServers();
});

/** A raw connection to the server; resolves `closed` when the server closes it, or rejects after `withinMs`. */
function rawConnection(url: string, withinMs: number): { socket: Socket; closed: Promise<void> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => {});
  opened.push(socket);
  const closed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${withinMs} ms`)), withinMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { socket, closed };
}

describe('serve bounds the time a connection may hold a socket', () => {
  it('a connection that sends nothing, and one that sends its headers a byte at a time, are closed within --idle-timeout', async () => {
    const { url } = await startServe(['--idle-timeout', '0.5']);
    const silent = rawConnection(url, 5000);
    const slowloris = rawConnection(url, 5000);
    slowloris.socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const drip = setInterval(() => slowloris.socket.write('X-Drip: 1\r\n'), 100);
    try {
      await Promise.all([silent.closed, slowloris.closed]);
    } finally {
      clearInterval(drip);
    }
  });

  it('an answer whose upstream is silent for longer than the idle timeout still arrives whole', async () => {
    const slow = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      setTimeout(() => res.end(`${openAIChunk('after a pause')}data: [DONE]\n\n`), 1500);
    });
    const { url } = await startServe(['-p', 'groq', '--idle-timeout', '0.5'], { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: slow.url });
    const res = await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toBe('after a pause');
  });
});
