import { boundText, escapeForTerminal } from '@brane/errors';

/**
 * Rows as left-aligned columns under a header, two spaces apart, with no trailing spaces. Each cell is bounded
 * (`boundText`: a reason quoting a huge argument shows its first 2,000 characters and how many were cut), then
 * escaped (`escapeForTerminal`), so a cell is one line of plain text, and the columns are measured as printed.
 *
 * @example
 * formatTable(['NAME', 'RISK'], [['refund', 'high']]) // 'NAME    RISK\nrefund  high'
 */
export function formatTable(header: readonly string[], cells: readonly (readonly string[])[]): string {
  const rows = [header, ...cells].map((row) => row.map((cell) => escapeForTerminal(boundText(cell))));
  // A loop, not `Math.max(...)`: a table may have more rows than a call takes arguments (`tail -n 200000`).
  const widths = header.map(() => 0);
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
