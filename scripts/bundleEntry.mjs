// Bundles a TypeScript entry with esbuild for Node 20, leaving packages external so that node loads the
// built workspace packages (run `pnpm build` first) and each dependency from node_modules.
import { build } from 'esbuild';

/** Bundles `entry` (absolute) into `outfile`, resolving from `workingDir` (the package's directory). */
export async function bundleEntry(entry, outfile, workingDir) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    absWorkingDir: workingDir,
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}
