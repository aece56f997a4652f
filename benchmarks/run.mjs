// `pnpm bench [--quick] [--out FILE]`: bundles src/main.ts against the built packages and runs it with
// `--expose-gc`, which the memory measurements need. The root `pnpm bench` builds the packages first.
// A full run writes BENCHMARKS.md at the repository root unless --out says otherwise.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bundleEntry } from '../scripts/bundleEntry.mjs';

/**
 * `--expose-gc` for the memory benchmarks. `--no-turbo-inline-js-wasm-calls` because V8 11 (Node 20)
 * aborts ("unreachable code" in the deoptimizer) after optimising inlined calls into cedar-wasm; it only
 * changes calls from JavaScript into WebAssembly. Every benchmark process runs with both.
 */
export const NODE_FLAGS = ['--expose-gc', '--no-turbo-inline-js-wasm-calls'];

const dir = import.meta.dirname;
const outfile = join(dir, 'dist', 'main.mjs');
await bundleEntry(join(dir, 'src', 'main.ts'), outfile, dir);
const args = process.argv.slice(2);
// A full run writes BENCHMARKS.md at the repository root; a quick run writes nothing unless asked.
if (!args.includes('--quick') && !args.some((arg) => arg.startsWith('--out'))) {
  args.push('--out', join(dir, '..', 'BENCHMARKS.md'));
}
const result = spawnSync(process.execPath, [...NODE_FLAGS, outfile, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
