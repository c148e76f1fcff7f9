import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { closeStartedServers, serve, type RecordedRequest } from '../helpers/loopback-server.js';
import { mcpFilesHome } from '../helpers/mcp-files-home.js';
import { openAIReader } from '../helpers/openai-tool-reader.js';
import { runCli } from '../helpers/run-cli.js';

afterEach(closeStartedServers);

type Part = { text?: string; functionCall?: { id?: string; name: string; args: unknown }; functionResponse?: { id?: string; name: string; response: { output?: string } }; thoughtSignature?: string };
type Body = { contents: Array<{ role: string; parts: Part[] }>; tools?: Array<{ functionDeclarations: Array<{ name: string; parametersJsonSchema?: unknown }> }> };

const SIGNATURE = 'EpEgCo4gAb4+9vvW';
const sse = (data: unknown) => `data: ${JSON.stringify(data)}\r\n\r\n`;

/** The functionResponse parts of the conversation's last content, if it is one of results. */
const lastResults = (body: Body) => (body.contents.at(-1)?.parts ?? []).filter((p) => p.functionResponse);

/**
 * A streamGenerateContent stand-in (googleapis/js-genai src/types.ts: GenerateContentResponse,
 * Part.functionCall / thoughtSignature; the chunk order of vercel/ai
 * packages/google/src/__fixtures__/google-tool-call-gemini3.chunks.txt): with files__read offered
 * and no result yet, it calls it on notes.txt with a signature, then answers from the result.
 */
function geminiReader() {
  return serve((req: RecordedRequest, res: ServerResponse) => {
    const body = JSON.parse(req.body) as Body;
    const results = lastResults(body);
    const offered = body.tools?.[0]?.functionDeclarations.some((d) => d.name === 'files__read');
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    if (results.length === 0 && offered) {
      return res.end(
        sse({ candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'files__read', args: { path: 'notes.txt' } }, thoughtSignature: SIGNATURE }] }, index: 0 }], responseId: 'r1' }) +
          sse({ candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP', index: 0 }], responseId: 'r1' }),
      );
    }
    const text = results.length > 0 ? `notes.txt says: ${String(results[0].functionResponse!.response.output).trim()}` : 'done';
    res.end(sse({ candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }], responseId: 'r2' }));
  });
}

const KEY = { GEMINI_API_KEY: 'gm-test-1234567890' };

describe('ask -T on the Gemini protocol', () => {
  it('answers "what is in notes.txt?" from the file: functionDeclarations in, functionCall out, functionResponse back with the signature replayed', async () => {
    const { home } = await mcpFilesHome();
    const llm = await geminiReader();
    const result = await runCli(['ask', '-p', 'gemini', '--base-url', llm.url, '-T', 'files', '--approve', 'all', 'what is in notes.txt?'], { home, env: KEY });
    expect(result.stderr).toMatch(/⏺ files__read \{"path":"notes.txt"\} → 9 bytes/);
    expect(result.stdout).toBe('notes.txt says: buy milk\n');
    expect(result.code).toBe(0);
    const first = JSON.parse(llm.requests[0].body) as Body;
    expect(first.tools![0].functionDeclarations.map((d) => d.name)).toEqual(['files__read', 'files__list']);
    expect(first.tools![0].functionDeclarations[0].parametersJsonSchema).toMatchObject({ type: 'object', required: ['path'] });
    const second = JSON.parse(llm.requests[1].body) as Body;
    expect(second.contents.slice(-2)).toEqual([
      { role: 'model', parts: [{ functionCall: { id: 'call_r1_0', name: 'files__read', args: { path: 'notes.txt' } }, thoughtSignature: SIGNATURE }] },
      { role: 'user', parts: [{ functionResponse: { id: 'call_r1_0', name: 'files__read', response: { output: 'buy milk\n' } } }] },
    ]);

    // History keeps the signature: -c replays it as it came.
    const next = await runCli(['ask', '-c', '-p', 'gemini', '--base-url', llm.url, 'thanks'], { home, env: KEY });
    expect(next.stdout).toBe('done\n');
    const replayed = JSON.parse(llm.requests[2].body) as Body;
    expect(replayed.contents[1]).toEqual({ role: 'model', parts: [{ functionCall: { id: 'call_r1_0', name: 'files__read', args: { path: 'notes.txt' } }, thoughtSignature: SIGNATURE }] });
  });
});

describe('history replayed across protocols', () => {
  it('calls saved from an OpenAI-shaped provider go to Gemini with -c as functionCall (the documented skip signature) and functionResponse parts', async () => {
    // ai.google.dev/gemini-api/docs/thought-signatures: a call Gemini did not make is replayed
    // with "skip_thought_signature_validator" (gemini-cli packages/core/src/utils/historyHardening.ts).
    const { home } = await mcpFilesHome();
    const openai = await openAIReader();
    const llm = await geminiReader();
    const env = { GROQ_API_KEY: 'gsk-test-1234567890', G4F_CHAT_GROQ_BASE_URL: openai.url, ...KEY, G4F_CHAT_GEMINI_BASE_URL: llm.url };
    const first = await runCli(['ask', '-p', 'groq', '-T', 'files', '--approve', 'all', 'what is in notes.txt?'], { home, env });
    expect(first.stdout).toBe('notes.txt says: buy milk\n');
    const next = await runCli(['ask', '-c', '-p', 'gemini', 'thanks'], { home, env });
    expect(next.stderr).toBe('');
    expect(next.stdout).toBe('done\n');
    expect((JSON.parse(llm.requests[0].body) as Body).contents).toEqual([
      { role: 'user', parts: [{ text: 'what is in notes.txt?' }] },
      { role: 'model', parts: [{ functionCall: { id: 'call_abc', name: 'files__read', args: { path: 'notes.txt' } }, thoughtSignature: 'skip_thought_signature_validator' }] },
      { role: 'user', parts: [{ functionResponse: { id: 'call_abc', name: 'files__read', response: { output: 'buy milk\n' } } }] },
      { role: 'model', parts: [{ text: 'notes.txt says: buy milk' }] },
      { role: 'user', parts: [{ text: 'thanks' }] },
    ]);
  });
});
