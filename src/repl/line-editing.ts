import type { Interface } from 'node:readline';
import { HistorySearch } from './history-search.js';
import type { InputGate } from './input-gate.js';
import { PASTED_NEWLINE } from './input-gate.js';
import { editText } from './open-editor.js';
import { sanitizeLabel } from '../ground/terminal-safe-text.js';

export interface LineEditing {
  /** `text` edited in $VISUAL / $EDITOR, as one input line (newlines kept as pasted ones); `text` again if the editor failed. */
  editInEditor(text: string): Promise<string>;
}

/**
 * Shell habits readline lacks: Ctrl-R searches the input history (Ctrl-R again for older
 * matches, Enter sends, Esc or an arrow keeps the match for editing, Ctrl-G or Ctrl-C
 * gives the line back), and Ctrl-X Ctrl-E edits the line in the user's editor.
 */
export function addLineEditing(rl: Interface, gate: InputGate, terminal: { suspend(): void; resume(): void }): LineEditing {
  const history = () => (rl as unknown as { history: string[] }).history ?? [];
  const replaceLine = (text: string) => {
    rl.write(null, { ctrl: true, name: 'e' });
    rl.write(null, { ctrl: true, name: 'u' });
    if (text) rl.write(text);
  };
  let prompt = '';

  const startSearch = () => {
    const original = rl.line;
    prompt = (rl as unknown as { getPrompt(): string }).getPrompt();
    const search = new HistorySearch(history());
    const show = () => {
      rl.setPrompt(`(reverse-i-search)\`${sanitizeLabel(search.query)}': `);
      replaceLine(search.match ?? '');
    };
    const finish = (line: string) => {
      gate.capture = undefined;
      rl.setPrompt(prompt);
      replaceLine(line);
    };
    gate.capture = (keys) => {
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i];
        // Keys after the one that ends the search go on to readline as typed.
        const rest = keys.slice(i + 1);
        if (key === '\u0012') search.older();
        else if (key === '\u007f' || key === '\b') search.setQuery(search.query.slice(0, -1));
        else if (key === '\u0007' || key === '\u0003') {
          finish(original);
          if (rest) gate.write(rest);
          return;
        } else if (key === '\r' || key === '\n') {
          finish(search.match ?? original);
          rl.write(null, { name: 'return' });
          if (rest) gate.write(rest);
          return;
        } else if (key === '\u001b') {
          // Esc, or an arrow or other sequence: keep the match for editing, and hand the rest on.
          finish(search.match ?? original);
          if (rest) gate.write(/^[[O]/.test(rest) ? `\u001b${rest}` : rest);
          return;
        } else if (key >= ' ') search.setQuery(search.query + key);
        else continue;
        show();
      }
    };
    show();
  };

  const editInEditor = async (text: string) => {
    terminal.suspend();
    let edited: string | undefined;
    try {
      edited = await editText(text.split(PASTED_NEWLINE).join('\n'));
    } finally {
      terminal.resume();
    }
    return (edited ?? text).replace(/\n+$/, '').replace(/\r?\n/g, PASTED_NEWLINE);
  };

  gate.onSpecialKey = (key) => {
    if (key === 'search') return startSearch();
    void editInEditor(rl.line).then((line) => {
      rl.prompt(true);
      replaceLine(line);
    });
  };
  return { editInEditor };
}
