import { answerId } from './answer-ids.js';
import { OPENAI_API } from './api-family.js';
import { parseChatBody, type ChatBody } from './chat-request.js';
import { startEventStream, writeJson, type ChatEndpoint } from './chat-endpoint.js';
import { chunkEvent, completion, toolCallDelta, usageEvent, wordsEvent, type CompletionIds, type WordsField } from './openai-shapes.js';

export type { RequestOutcome, ServeContext } from './serve-context.js';

/** POST /v1/chat/completions, streaming or not, through the same chain, rules and retries as `ask`. */
export const CHAT_COMPLETIONS: ChatEndpoint<ChatBody> = {
  family: OPENAI_API,
  parse: (text) => parseChatBody(text),
  writer(body, out, { res, outcome }) {
    const ids: CompletionIds = { id: `chatcmpl-${answerId()}`, created: Math.floor(Date.now() / 1000), model: body.model ?? 'auto' };
    let started = false;
    let toolIndex = 0;
    const start = () => {
      if (started || !body.stream) return;
      started = true;
      startEventStream(res);
      out.write(chunkEvent(ids, { role: 'assistant', content: '' }));
    };
    const delta = (fields: Record<string, unknown>) => {
      start();
      if (body.stream) out.write(chunkEvent(ids, fields));
    };
    const words = (field: WordsField, text: string) => {
      start();
      if (body.stream) out.write(wordsEvent(ids, field, text));
    };
    return {
      handlers: {
        onStart: (provider, model) => {
          ids.model = `${provider}/${model}`;
          outcome.provider = ids.model;
        },
        onText: (text) => words('content', text),
        onReasoning: (text) => words('reasoning_content', text),
        onRefusal: (text) => words('refusal', text),
        // One delta per call with its whole arguments string: exactly what the model produced.
        onToolCall: (call) => delta({ tool_calls: [toolCallDelta(call, toolIndex++)] }),
        keepText: body.stream ? 0 : undefined,
      },
      started: () => started,
      // The answer had begun: the error goes in the stream, as OpenAI sends one.
      failInStream: (error) => out.end(`data: ${JSON.stringify(OPENAI_API.errorBody(error))}\n\n`),
      finish(result) {
        if (!body.stream) return writeJson(res, 200, completion(ids, result));
        start();
        ids.systemFingerprint = result.systemFingerprint;
        out.write(chunkEvent(ids, {}, result.finishReason ?? (result.toolCalls.length > 0 ? 'tool-calls' : 'stop')));
        if (body.includeUsage) out.write(usageEvent(ids, result.usage));
        out.end('data: [DONE]\n\n');
      },
    };
  },
};
