import type { ChatSession } from './chat-session.js';

/** What `/set <key> <value>` can change, each with its check. */
export const SETTABLE: Record<string, { describe: string; apply(session: ChatSession, raw: string): string }> = {
  temperature: {
    describe: '0 to 2',
    apply(session, raw) {
      const value = Number(raw);
      if (raw === '' || !Number.isFinite(value) || value < 0 || value > 2) throw new Error('temperature takes a number from 0 to 2');
      session.settings.temperature = value;
      return `temperature ${value}`;
    },
  },
  'max-tokens': {
    describe: 'a whole number, or off',
    apply(session, raw) {
      if (raw === 'off') {
        session.settings.maxTokens = undefined;
        return 'no token limit';
      }
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 1) throw new Error('max-tokens takes a whole number above 0, or off');
      session.settings.maxTokens = value;
      return `max-tokens ${value}`;
    },
  },
  timeout: {
    describe: 'seconds',
    apply(session, raw) {
      const value = Number(raw);
      if (!Number.isFinite(value) || value <= 0) throw new Error('timeout takes a number of seconds');
      session.settings.timeoutMs = value * 1000;
      return `timeout ${value}s`;
    },
  },
  retries: {
    describe: '0 to 10',
    apply(session, raw) {
      const value = Number(raw);
      if (!Number.isInteger(value) || value < 0 || value > 10) throw new Error('retries takes a whole number from 0 to 10');
      session.settings.retries = value;
      return `retries ${value}`;
    },
  },
  markdown: {
    describe: 'on or off',
    apply(session, raw) {
      if (raw !== 'on' && raw !== 'off') throw new Error('markdown takes on or off');
      session.settings.markdown = raw === 'on';
      return `markdown ${raw}`;
    },
  },
  stream: {
    describe: 'on or off',
    apply(session, raw) {
      if (raw !== 'on' && raw !== 'off') throw new Error('stream takes on or off');
      session.settings.stream = raw === 'on';
      return `stream ${raw}`;
    },
  },
};
