// `node benchmarks/scripts/generateAuditLog.mjs <file> [records] [--format 3|2]`: writes a JSONL audit log of
// `records` (default 10,000,000) recipe action records and its head file, chained exactly as JsonlFileSink chains
// them, to time `brane audit query|tail|stats|verify` over a large log. The lines are of format 3 (compact, the
// sink's default: about 650 bytes a record) unless `--format 2` asks for the sorted-key lines before it (about
// 1.1 KB). It bundles src/auditLog/writeAuditLog.ts against the built packages: run `pnpm build` first. The log is
// big: never commit it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleEntry } from '../../scripts/bundleEntry.mjs';

const args = process.argv.slice(2);
const formatAt = args.indexOf('--format');
const formatText = formatAt === -1 ? '3' : args.splice(formatAt, 2)[1];
const [file, countText = '10000000', ...rest] = args;
const count = Number(countText);
if (
  file === undefined ||
  rest.length > 0 ||
  !Number.isSafeInteger(count) ||
  count < 1 ||
  !['2', '3'].includes(formatText)
) {
  console.error('usage: generateAuditLog.mjs <file> [records] [--format 3|2]');
  process.exit(2);
}
const dir = join(import.meta.dirname, '..');
const outfile = join(dir, 'dist', 'writeAuditLog.mjs');
await bundleEntry(join(dir, 'src', 'auditLog', 'writeAuditLog.ts'), outfile, dir);
const { writeAuditLog } = await import(pathToFileURL(outfile).href);
const started = performance.now();
writeAuditLog(file, count, {
  format: Number(formatText),
  onProgress: (records) =>
    process.stderr.write(`${records} records, ${((performance.now() - started) / 1000).toFixed(0)} s\n`),
});
process.stderr.write(
  `${count} records (format ${formatText}) in ${((performance.now() - started) / 1000).toFixed(1)} s: ${file}\n`,
);
