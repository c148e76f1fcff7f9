import { describe, expect, it } from 'vitest';
import { parseGeminiBody } from '../../src/server/gemini-request.js';
import { ServeError } from '../../src/server/request-errors.js';

const parse = (body: unknown) => parseGeminiBody(JSON.stringify(body), 'auto', true);

describe('a Gemini generateContent body as a chat request', () => {
  it('calls sent without ids (as the Gemini API sends them) are paired with their responses by name and order', () => {
    const body = parse({
      contents: [
        { role: 'user', parts: [{ text: 'two cities' }] },
        { role: 'model', parts: [{ text: 'planning', thought: true }, { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' }, { functionCall: { name: 'weather', args: { city: 'Rome' } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { temp: 21 } } }, { functionResponse: { name: 'weather', response: { temp: 25 } } }] },
      ],
    });
    const [, assistant, first, second] = body.messages;
    expect(assistant.toolCalls).toEqual([
      { id: 'call_weather_0', name: 'weather', arguments: '{"city":"Paris"}', signature: 'c2ln' },
      { id: 'call_weather_1', name: 'weather', arguments: '{"city":"Rome"}' },
    ]);
    expect(assistant.reasoning).toBe('planning');
    expect(first).toEqual({ role: 'tool', content: '{"temp":21}', toolCallId: 'call_weather_0', toolName: 'weather' });
    expect(second).toMatchObject({ toolCallId: 'call_weather_1' });
  });

  it('a field or part this server cannot honour is refused by name, never dropped', () => {
    const refused = (body: unknown) => {
      try {
        parse(body);
      } catch (error) {
        return error as ServeError;
      }
      throw new Error('accepted');
    };
    expect(refused({ contents: [{ parts: [{ text: 'x' }] }], cachedContent: 'c/1' }).param).toBe('cachedContent');
    expect(refused({ contents: [{ parts: [{ fileData: { fileUri: 'gs://x' } }] }] }).param).toBe('contents.0.parts.0');
    expect(refused({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { seed: 3 } }).param).toBe('generationConfig.seed');
    expect(refused({ contents: [{ parts: [{ text: 'x' }] }], generationConfig: { candidateCount: 2 } }).param).toBe('generationConfig.candidateCount');
    expect(refused({ contents: [{ parts: [{ text: 'x' }] }], tools: [{ codeExecution: {} }] }).param).toBe('tools.0.codeExecution');
  });
});
