import { afterEach, describe, expect, it } from 'vitest';
import { openAIChunk, openAIFinish, sendJson, startServer, type Handler, type LoopbackServer } from '../helpers/loopback-server.js';
import { runCli } from '../helpers/run-cli.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'sk-fault-suite-secret-42';
const env = { OPENAI_API_KEY: KEY, ANTHROPIC_API_KEY: KEY };

async function ask(handler: Handler, args: string[] = [], provider = 'openai') {
  server = await startServer(handler);
  return runCli(['ask', '-p', provider, '--base-url', server.url, '--retries', '0', ...args, 'question'], { env });
}

const sse = (res: Parameters<Handler>[1]) => res.writeHead(200, { 'content-type': 'text/event-stream' });
const ndjson = (content: string) => `${JSON.stringify({ message: { role: 'assistant', content }, done: false })}\n`;

describe('faults: the connection', () => {
  const cuts: Array<[string, string, Handler]> = [
    ['openai', 'shown before the cut', (_req, res) => {
      sse(res);
      res.write(openAIChunk('shown before the cut'));
      setTimeout(() => res.destroy(), 50);
    }],
    ['ollama', 'ollama partial', (_req, res) => {
      res.writeHead(200);
      res.write(ndjson('ollama partial'));
      setTimeout(() => res.destroy(), 50);
    }],
    ['anthropic', 'claude partial', (_req, res) => {
      sse(res);
      res.write(`event: content_block_delta\ndata: ${JSON.stringify({ delta: { type: 'text_delta', text: 'claude partial' } })}\n\n`);
      setTimeout(() => res.destroy(), 50);
    }],
    ['aivvm', 'raw partial', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('raw partial');
      setTimeout(() => res.destroy(), 50);
    }],
  ];
  for (const [provider, partial, handler] of cuts) {
    it(`${provider}: a cut mid-answer keeps the partial text, exits 1 and says it was cut short`, async () => {
      const result = await ask(handler, [], provider);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe(`${partial}\n`);
      expect(result.stderr).toMatch(/cut short/);
      expect(result.stderr.trim().split('\n').filter((l) => !l.includes('marked not working') && !l.includes('hint:'))).toHaveLength(1);
    });
  }

  it('a stream that stalls after some text times out after --timeout seconds, never hangs', async () => {
    const result = await ask((_req, res) => {
      sse(res);
      res.write(openAIChunk('before the stall'));
    }, ['--timeout', '1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('before the stall\n');
    expect(result.stderr).toMatch(/timed out: the stream went silent for 1s/);
    expect(result.stderr).toMatch(/--timeout/);
  });

  it('a server that never answers times out too', async () => {
    const result = await ask(() => {}, ['--timeout', '1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/timed out: no response for 1s/);
  });

  it('a refused connection fails at once with the host', async () => {
    const result = await runCli(['ask', '-p', 'openai', '--base-url', 'http://127.0.0.1:9', '--retries', '0', 'q'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/connection refused \(127\.0\.0\.1:9\)/);
  });
});

describe('faults: errors inside the stream', () => {
  it('data: {"error": …} exits 1 with the server message', async () => {
    const result = await ask((_req, res) => {
      sse(res);
      res.end(`data: ${JSON.stringify({ error: { message: 'quota exhausted for today' } })}\n\n`);
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/quota exhausted for today/);
  });

  it('event: error exits 1 with the server message', async () => {
    const result = await ask((_req, res) => {
      sse(res);
      res.end('event: error\ndata: {"message":"model crashed"}\n\n');
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/model crashed/);
  });

  it("Ollama's error line exits 1 with its message", async () => {
    const result = await ask((_req, res) => {
      res.writeHead(200);
      res.end(`${JSON.stringify({ error: 'out of memory loading model' })}\n`);
    }, [], 'ollama');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/out of memory loading model/);
  });

  it("Anthropic's error event exits 1 with its message", async () => {
    const result = await ask((_req, res) => {
      sse(res);
      res.end(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`);
    }, [], 'anthropic');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/anthropic: Overloaded/);
  });
});

describe('faults: HTML instead of an answer', () => {
  const pages: Array<[string, number, string]> = [
    ['a Cloudflare challenge', 403, '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div id="cf-please-wait"></div></body></html>'],
    ['a cf-please-wait page with 200', 200, '<html><body><div class="cf-please-wait">checking</div></body></html>'],
    ['a 503 error page', 503, '<!doctype html><html><body><h1>503 Service Unavailable</h1></body></html>'],
    ['a 200 HTML page', 200, '<!DOCTYPE html><html><body>Welcome to nginx!</body></html>'],
  ];
  for (const [what, status, page] of pages) {
    it(`${what}: one line saying it was blocked, no HTML`, async () => {
      const result = await ask((_req, res) => {
        res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page);
      });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^g4f-chat: blocked by (Cloudflare|an HTML page) instead of an answer\n$/);
    });
  }
});

describe('faults: malformed answers', () => {
  const cases: Array<[string, Handler, RegExp]> = [
    ['binary garbage', (_req, res) => {
      sse(res);
      res.end(Buffer.from([0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    }, /openai: the answer is not an OpenAI event stream/],
    ['invalid UTF-8 inside data', (_req, res) => {
      sse(res);
      res.end(Buffer.concat([Buffer.from('data: {"choices":[{"delta":{"content":"'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}}]}\n\ndata: [DONE]\n\n')]));
    }, /^$/],
    ['data that is not JSON', (_req, res) => {
      sse(res);
      res.end('data: {not json\n\n');
    }, /openai: expected JSON/],
    ['JSON that is not an object', (_req, res) => {
      sse(res);
      res.end('data: [1,2,3]\n\ndata: [DONE]\n\n');
    }, /openai: expected a JSON object/],
    ['chunks without choices', (_req, res) => {
      sse(res);
      res.end('data: {"id":"x"}\n\ndata: [DONE]\n\n');
    }, /openai: the stream ended without any choices/],
    ['a completion without message content', (_req, res) => sendJson(res, 200, { choices: [{}] }), /openai: the answer has no choices\[0\]\.message\.content/],
  ];
  for (const [what, handler, message] of cases) {
    it(`${what}: a protocol error naming the provider, no crash, no hang`, async () => {
      const result = await ask(handler);
      if (message.source === '^$') {
        // Invalid bytes in an otherwise valid stream are shown as U+FFFD, not a crash.
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('\uFFFD');
        return;
      }
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    });
  }

  it('a single event of 8 MiB is delivered whole', async () => {
    const big = 'x'.repeat(8 * 1024 * 1024);
    const result = await ask((_req, res) => {
      sse(res);
      res.write(openAIChunk(big));
      res.end(`${openAIFinish()}data: [DONE]\n\n`);
    });
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(big.length + 1);
  });
});

describe('faults: status codes', () => {
  it('401 exits 3 with a hint', async () => {
    const result = await ask((_req, res) => sendJson(res, 401, { error: { message: 'Invalid API key' } }));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/HTTP 401: Invalid API key\n.*hint: the key sent comes from OPENAI_API_KEY: check it/);
  });

  it('403 exits 3 with a hint', async () => {
    const result = await ask((_req, res) => sendJson(res, 403, { error: 'forbidden region' }));
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/forbidden region/);
  });

  it('404 model not found gives the message and points to `g4f-chat models <provider>`', async () => {
    const result = await ask((_req, res) => sendJson(res, 404, { error: { message: 'The model `gpt-9` does not exist' } }), ['-m', 'gpt-9']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/HTTP 404: The model `gpt-9` does not exist\n.*g4f-chat models openai/);
  });

  it('429 then 5xx are retried, then a clear final error', async () => {
    let calls = 0;
    server = await startServer((_req, res) => {
      calls += 1;
      if (calls === 1) sendJson(res, 429, { error: { message: 'rate limited' } }, { 'retry-after': '0' });
      else sendJson(res, 502, { error: { message: 'bad gateway' } });
    });
    const result = await runCli(['ask', '-p', 'openai', '--base-url', server.url, '--retries', '2', 'q'], { env });
    expect(result.code).toBe(1);
    expect(calls).toBe(3);
    // Each wait is said as it happens, then one final error.
    expect(result.stderr).toBe('openai: HTTP 429, retrying in 0s (Ctrl-C to stop)\nopenai: HTTP 502, retrying in 1s (Ctrl-C to stop)\ng4f-chat: HTTP 502: bad gateway\n');
  });

  it('a redirect is not followed, so the key never reaches another host', async () => {
    const elsewhere = await startServer((_req, res) => res.end('should never be asked'));
    const result = await ask((_req, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/steal` });
      res.end();
    });
    await elsewhere.close();
    expect(result.code).toBe(1);
    expect(elsewhere.requests).toHaveLength(0);
    expect(result.stderr).toMatch(/HTTP 307: redirect to .* not followed/);
  });
});
