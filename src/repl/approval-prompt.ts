import type { ChalkInstance } from 'chalk';
import { answerOfKey, type ApprovalPrompt } from '../tools/approval.js';

/** A terminal to ask on: where the question goes, and one key press read back. */
export interface KeyTerminal {
  write(text: string): void;
  readKey(): Promise<string>;
  colors: ChalkInstance;
}

/**
 * The one approval question of `ask` and chat: the call as it will run, then
 * `[y]es / [a]lways / [n]o (default: no)`; one key answers, and the answer is echoed.
 */
export function terminalApproval(terminal: KeyTerminal): ApprovalPrompt {
  return {
    async ask(shown) {
      const c = terminal.colors;
      terminal.write(`${c.bold('run')} ${shown}${c.bold('?')} [y]es / [a]lways / [n]o (default: no) `);
      const answer = answerOfKey(await terminal.readKey());
      terminal.write(`${answer === 'yes' ? 'yes' : answer === 'always' ? 'always' : answer === 'interrupted' ? '^C' : 'no'}\n`);
      return answer;
    },
  };
}
