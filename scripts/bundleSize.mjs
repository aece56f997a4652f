// Bundles the minimal governed agent (benchmarks/src/bundle/minimalAgent.ts) against the built packages as a user's app
// would be bundled (esbuild, ESM, platform node, minified, keepNames) and reports its size per package, from
// esbuild's metafile. Run after `pnpm build`. Used by the `bundle` bench job and the dist smoke test.
import { join } from 'node:path';
import { build } from 'esbuild';

const repository = join(import.meta.dirname, '..');

/** The package (`@brane/core`, `zod`) or `app` a bundled input path belongs to. */
export function packageOf(input) {
  const path = input.replace(/\\/g, '/');
  const modules = [...path.matchAll(/node_modules\/((?:@[^/]+\/)?[^/.][^/]*)\//g)];
  if (modules.length > 0) return modules.at(-1)[1];
  // A workspace package: `packages/core/dist/index.mjs`.
  const workspace = /(?:^|\/)packages\/([^/.][^/]*)\/(?:dist|src)\//.exec(path);
  return workspace === null ? 'app' : `@brane/${workspace[1]}`;
}

/**
 * Bundles `entry` (default: the minimal agent) and returns its minified size in bytes, the bytes each package
 * contributes to the output, and the output itself (to run it).
 */
export async function measureBundle(entry, { sources = false, root = repository } = {}) {
  const result = await build({
    entryPoints: [entry ?? join(root, 'benchmarks', 'src', 'bundle', 'minimalAgent.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    keepNames: true,
    metafile: true,
    write: false,
    outfile: 'agent.mjs',
    absWorkingDir: root,
    // The workspace's tsconfig maps @brane/* to sources (`sources`: to see which module weighs what); a user's
    // app gets the built packages.
    ...(sources ? { tsconfig: join(root, 'tsconfig.json') } : { tsconfigRaw: {} }),
    logLevel: 'warning',
  });
  const output = Object.values(result.metafile.outputs)[0];
  const packages = {};
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = packageOf(input);
    packages[name] = (packages[name] ?? 0) + bytesInOutput;
  }
  const modules = Object.entries(output.inputs)
    .map(([input, { bytesInOutput }]) => ({ input, bytes: bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes);
  return { bytes: output.bytes, packages, modules, code: result.outputFiles[0].text };
}

if (import.meta.url.endsWith('/scripts/bundleSize.mjs') && import.meta.url === `file://${process.argv[1]}`) {
  const entry = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
  const { bytes, packages, modules } = await measureBundle(entry, { sources: process.argv.includes('--sources') });
  console.log(`minimal agent: ${(bytes / 1024).toFixed(1)} KB minified`);
  for (const [name, size] of Object.entries(packages).sort((a, b) => b[1] - a[1]))
    console.log(`  ${name.padEnd(28)} ${(size / 1024).toFixed(1).padStart(7)} KB`);
  if (process.argv.includes('--modules'))
    for (const { input, bytes: size } of modules.slice(0, 40))
      console.log(`    ${(size / 1024).toFixed(1).padStart(7)} KB ${input}`);
}
