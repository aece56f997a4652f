/**
 * Rows as left-aligned columns under a header, two spaces apart, with no trailing spaces.
 *
 * @example
 * formatTable(['NAME', 'RISK'], [['refund', 'high']]) // 'NAME    RISK\nrefund  high'
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
