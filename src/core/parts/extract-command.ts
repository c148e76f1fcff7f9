/**
 * The command in a shell-mode answer: the inside of a fenced block if the model used one,
 * otherwise the text; a leading `$ ` prompt marker removed from each line; blank lines
 * around it dropped.
 */
export function extractCommand(answer: string): string {
  const fenced = /^ {0,3}(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n {0,3}\1[ \t]*$/m.exec(answer);
  const text = fenced ? fenced[2] : answer;
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, '').replace(/^\s*\$ /, ''))
    .join('\n')
    .trim();
}
