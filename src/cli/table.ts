type Style = (cell: string, column: number, row: number) => string;

/**
 * Columns padded to their widest cell; the last column is not padded. Given the window's
 * `columns`, a table wider than it is stacked instead: each row a heading of its first two
 * cells, then `header: cell` pairs packed into rows under it. A column added later only
 * adds a pair, so the layout holds at any width.
 */
export function formatTable(rows: readonly (readonly string[])[], style: Style = (c) => c, columns?: number): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))));
  const total = widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
  if (columns !== undefined && total > columns && rows.length > 0 && widths.length > 2) return stacked(rows, style, columns);
  return rows
    .map((row, r) =>
      row
        .map((cell, i) => {
          const padded = i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - visibleLength(cell));
          return style(padded, i, r);
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function stacked(rows: readonly (readonly string[])[], style: Style, columns: number): string {
  const [header, ...body] = rows;
  const room = Math.max(20, columns - 2);
  return body
    .map((row, index) => {
      const r = index + 1;
      const lines = [[style(row[0] ?? '', 0, r), style(row[1] ?? '', 1, r)].filter(Boolean).join('  ')];
      let line = '';
      let width = 0;
      for (let i = 2; i < row.length; i++) {
        const pair = `${header[i] ?? ''}: ${row[i]}`;
        const pairWidth = visibleLength(pair);
        if (width > 0 && width + 2 + pairWidth > room) {
          lines.push(`  ${line}`);
          line = '';
          width = 0;
        }
        line += `${width > 0 ? '  ' : ''}${header[i] ?? ''}: ${style(row[i], i, r)}`;
        width += (width > 0 ? 2 : 0) + pairWidth;
      }
      if (line) lines.push(`  ${line}`);
      return lines.join('\n');
    })
    .join('\n');
}

function visibleLength(text: string): number {
  return [...text].length;
}
