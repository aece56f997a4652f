// Runs every example under examples/ (or those named on the command line): bundles its src/main.ts, and
// any src/*.entry.ts (scripts its main runs as processes of their own), with esbuild into the example's
// dist/ (src/x.ts to dist/x.mjs), leaving packages external so that node loads the built workspace packages
// (run `pnpm build` first), then runs dist/main.mjs. Fails if any example fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleEntry } from './bundleEntry.mjs';

const root = join(import.meta.dirname, '..');
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : readdirSync(join(root, 'examples')).sort();
let failed = 0;
for (const name of names) {
  const dir = join(root, 'examples', name);
  if (!existsSync(join(dir, 'src', 'main.ts'))) continue;
  const entries = ['main.ts', ...readdirSync(join(dir, 'src')).filter((file) => file.endsWith('.entry.ts'))];
  for (const file of entries) {
    await bundleEntry(join(dir, 'src', file), join(dir, 'dist', file.replace(/\.ts$/, '.mjs')), dir);
  }
  const outfile = join(dir, 'dist', 'main.mjs');
  console.log(`\n=== examples/${name} ===`);
  const result = spawnSync(process.execPath, [outfile], { cwd: dir, stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.error(`examples/${name} failed (exit ${result.status ?? result.signal})`);
  }
}
process.exit(failed === 0 ? 0 : 1);
