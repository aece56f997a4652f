// Builds the workspace package in the current directory: one ESM and one CJS bundle per entry of its
// `exports` map (with esbuild), plus `tsc` declarations for each format. Dependencies stay external.
//
// Declarations: tsc emits them once into dist/types/cjs; a copy goes to dist/types/esm. Each directory holds a
// package.json with its `type`, so TypeScript reads the first as CommonJS and the second as ES modules: an
// `import` resolves through the `import` condition to ESM types (which import the ESM types of dependencies)
// and a `require` to CJS types, instead of one `.d.ts` masquerading as both.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const entries = Object.keys(pkg.exports)
  .filter((key) => key !== './package.json')
  .map((key) => (key === '.' ? 'index' : key.slice(2)));
const external = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];

/**
 * The packages a bundled app imports through `@brane/sdk`. Their ES modules keep one file per source module
 * (`dist/esm/*.js`, re-exported by `dist/<entry>.mjs`), so that a bundler drops every module the app does not use
 * (they declare `sideEffects`): one file per package made it keep whatever an impure top-level statement
 * reached, and every import of a CommonJS dependency (the file stores' locks) whether used or not.
 */
const MODULAR = new Set([
  '@brane/errors',
  '@brane/decisions',
  '@brane/policy-engine',
  '@brane/approvals',
  '@brane/audit',
  '@brane/limits',
  '@brane/sessions',
  '@brane/core',
]);

rmSync('dist', { recursive: true, force: true });
if (MODULAR.has(pkg.name)) {
  const sources = readdirSync('src', { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
  await build({
    entryPoints: sources.map((file) => join('src', file)),
    outdir: 'dist/esm',
    outbase: 'src',
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
    // Unbundled, nothing is renamed: class names survive without keepNames' helper in every file.
  });
  mkdirSync('dist/esm', { recursive: true });
  // Bundlers read `sideEffects` from the nearest package.json: this one's, with its paths made relative to it.
  const sideEffects = Array.isArray(pkg.sideEffects)
    ? pkg.sideEffects.filter((file) => file.startsWith('./dist/esm/')).map((file) => `./${file.slice(11)}`)
    : pkg.sideEffects;
  writeFileSync('dist/esm/package.json', `${JSON.stringify({ type: 'module', sideEffects })}\n`);
  for (const entry of entries) writeFileSync(`dist/${entry}.mjs`, `export * from './esm/${entry}.js';\n`);
}
for (const format of MODULAR.has(pkg.name) ? ['cjs'] : ['esm', 'cjs']) {
  await build({
    entryPoints: Object.fromEntries(entries.map((entry) => [entry, `src/${entry}.ts`])),
    outdir: 'dist',
    outExtension: { '.js': format === 'esm' ? '.mjs' : '.cjs' },
    bundle: true,
    format,
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external,
    loader: { '.sql': 'text' }, // SQL files (the migrations of @brane/postgres) are bundled as their text
    logLevel: 'warning',
    keepNames: true, // class names are part of the API: `_Decision {` in logs, and the "installed twice?" hint
  });
}

const require = createRequire(import.meta.url);
const tsc = join(require.resolve('typescript/package.json'), '..', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', 'dist/types/cjs'], {
  stdio: 'inherit',
});
cpSync('dist/types/cjs', 'dist/types/esm', { recursive: true });
writeFileSync('dist/types/cjs/package.json', `${JSON.stringify({ type: 'commonjs' })}\n`);
writeFileSync('dist/types/esm/package.json', `${JSON.stringify({ type: 'module' })}\n`);
console.log(`built ${pkg.name}: ${entries.join(', ')} (esm, cjs, types)`);
