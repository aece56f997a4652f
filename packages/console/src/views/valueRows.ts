/** The most rows one value is shown as; past it, a row says how many more there are. */
const MAX_ROWS = 2_000;

/** One leaf of a JSON value: its path (`items[0].sku`) and the leaf itself. */
export interface ValueRow {
  readonly path: string;
  readonly value: unknown;
}

/**
 * The leaves of `value` (JSON data), one row each, depth first, paths in JavaScript notation; an empty object or
 * array is a leaf of its own. At most {@link MAX_ROWS} rows; then a last row with the path `…`.
 *
 * @example
 * valueRows({ amount: 10, items: [{ sku: 'a' }] }); // [{ path: 'amount', value: 10 }, { path: 'items[0].sku', value: 'a' }]
 */
export function valueRows(value: Readonly<Record<string, unknown>>): ValueRow[] {
  const rows: ValueRow[] = [];
  let omitted = 0;
  const visit = (path: string, item: unknown): void => {
    const children = Array.isArray(item)
      ? item.map((child, i) => [`${path}[${i}]`, child] as const)
      : typeof item === 'object' && item !== null
        ? Object.entries(item).map(([key, child]) => [`${path}${pathKey(key)}`, child] as const)
        : [];
    if (children.length === 0) {
      if (rows.length < MAX_ROWS) rows.push({ path, value: item });
      else omitted += 1;
      return;
    }
    for (const [childPath, child] of children) visit(childPath, child);
  };
  for (const [key, item] of Object.entries(value)) visit(pathKey(key).replace(/^\./, ''), item);
  if (omitted > 0) rows.push({ path: '…', value: `${omitted} more values not shown` });
  return rows;
}

function pathKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}
