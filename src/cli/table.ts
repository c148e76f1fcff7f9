/** Columns padded to their widest cell; the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[], style: (cell: string, column: number, row: number) => string = (c) => c): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))));
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

function visibleLength(text: string): number {
  return [...text].length;
}
