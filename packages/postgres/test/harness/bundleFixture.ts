import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * Bundles the TypeScript file `entry` with esbuild into `outDirectory` for a child process, as jest would run it:
 * `@brane/*` resolve to their sources (the root tsconfig's paths), SQL files are imported as text. Returns the
 * bundle's path.
 */
export function bundleFixture(entry: string, outDirectory: string): string {
  const esbuild = path.join(path.dirname(require.resolve('esbuild/package.json')), 'bin', 'esbuild');
  const outfile = path.join(outDirectory, `${path.basename(entry, '.ts')}.cjs`);
  execFileSync(esbuild, [
    entry,
    '--bundle',
    '--platform=node',
    '--format=cjs',
    '--target=node20',
    '--loader:.sql=text',
    '--external:pg-native',
    `--outfile=${outfile}`,
    '--log-level=error',
  ]);
  return outfile;
}
