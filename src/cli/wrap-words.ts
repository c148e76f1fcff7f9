/**
 * Our own plain text wrapped at spaces to `columns`, so that a terminal never breaks a word
 * across rows. A continuation row goes under the text of its line: under its indent, and
 * after a `label: ` that opens the line (`  hint: `) under what follows it. A word wider
 * than the row is left whole (the terminal wraps it).
 */
export function wrapWords(text: string, columns: number | undefined): string {
  if (!columns || columns < 20) return text;
  return text
    .split('\n')
    .map((line) => wrapLine(line, columns))
    .join('\n');
}

function wrapLine(line: string, columns: number): string {
  if (line.length <= columns) return line;
  const hang = /^\s*(?:[a-z-]+: )?/.exec(line)![0].length;
  const indent = ' '.repeat(hang < columns / 2 ? hang : 0);
  const rows: string[] = [];
  let row = line.slice(0, hang);
  for (const word of line.slice(hang).split(' ')) {
    const empty = row.trim() === '' || row === line.slice(0, hang);
    if (!empty && row.length + 1 + word.length > columns) {
      rows.push(row);
      row = indent + word;
    } else row += (empty ? '' : ' ') + word;
  }
  rows.push(row);
  return rows.join('\n');
}
