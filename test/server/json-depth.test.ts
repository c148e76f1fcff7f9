import { describe, expect, it } from 'vitest';
import { parseChatBody } from '../../src/server/chat-request.js';
import { MAX_JSON_DEPTH, tooDeepField } from '../../src/server/json-depth.js';
import { parseMessagesBody } from '../../src/server/messages-request.js';
import { ServeError } from '../../src/server/request-errors.js';

/** `{"a":{"a":…1…}}`, `levels` objects deep, built without recursion. */
function nested(levels: number): unknown {
  return JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
}

describe('the nesting bound of a request body', () => {
  it('names the field holding a value nested too deep, in either API’s path style, without overflowing itself', () => {
    const body = { messages: [], tools: [{ type: 'function', function: { name: 'f', parameters: nested(100_000) } }] };
    expect(tooDeepField(body, MAX_JSON_DEPTH, 'brackets')).toBe('tools[0].function.parameters');
    expect(tooDeepField({ tools: [{ name: 'f', input_schema: nested(500) }] }, MAX_JSON_DEPTH, 'dots')).toBe('tools.0.input_schema');
    // Arrays count as levels too; a field outside the free-form ones is named four steps deep.
    expect(tooDeepField({ extra: JSON.parse(`${'['.repeat(300)}${']'.repeat(300)}`) }, MAX_JSON_DEPTH, 'brackets')).toBe('extra[0][0][0]');
    expect(tooDeepField(JSON.parse(`${'['.repeat(300)}${']'.repeat(300)}`), MAX_JSON_DEPTH, 'brackets')).toBe('[0][0][0][0]');
  });

  it('lets a body exactly at the bound through, and refuses one level more', () => {
    // The body is level 0 and its `x` level 1: MAX_JSON_DEPTH - 1 more objects reach the bound.
    expect(tooDeepField({ x: nested(MAX_JSON_DEPTH - 1) }, MAX_JSON_DEPTH, 'brackets')).toBeUndefined();
    expect(tooDeepField({ x: nested(MAX_JSON_DEPTH) }, MAX_JSON_DEPTH, 'brackets')).toBe('x.a.a.a');
    expect(tooDeepField({ a: 1, b: 'two', c: [1, 2, { d: null }] }, MAX_JSON_DEPTH, 'brackets')).toBeUndefined();
  });

  it('each parser refuses it as a 400 naming the field (OpenAI `param`), before anything else is read', () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const refusal = (parse: () => unknown) => {
      try {
        parse();
      } catch (error) {
        return error as ServeError;
      }
      throw new Error('not refused');
    };
    const chat = refusal(() => parseChatBody(`{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${deep}}}]}`));
    expect(chat).toMatchObject({ status: 400, param: 'tools[0].function.parameters', code: 'nesting_too_deep' });
    const messages = refusal(() => parseMessagesBody(`{"max_tokens":5,"messages":[{"role":"user","content":"hi"}],"tools":[{"name":"f","input_schema":${deep}}]}`));
    expect(messages.message).toBe(`tools.0.input_schema: nested deeper than ${MAX_JSON_DEPTH} levels`);
  });
});
