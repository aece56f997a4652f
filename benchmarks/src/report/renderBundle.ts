import { BUNDLE_TARGET_BYTES, type BundleResults } from '../suites/bundleSuite.js';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** The bundle section: the minimal governed agent's minified size, per package, beside the target. */
export function renderBundle(run: BundleResults): string {
  const met = run.bytes <= BUNDLE_TARGET_BYTES;
  return [
    'The minimal governed agent (`benchmarks/src/bundle/minimalAgent.ts`: one capability, one policy, a runtime with',
    'its defaults) bundled as an app would be: esbuild, ESM, platform node, minified, `keepNames`. The file stores',
    '(`FileApprovalStore`, `JsonlFileSink`) are left out by the bundler unless the app imports them.',
    `Target: at most ${kb(BUNDLE_TARGET_BYTES)}; measured **${kb(run.bytes)}** (${met ? 'met' : 'missed'}).`,
    '',
    '| package | minified |',
    '| --- | --- |',
    ...run.packages.map((row) => `| \`${row.name}\` | ${kb(row.bytes)} |`),
    `| **total** | **${kb(run.bytes)}** |`,
  ].join('\n');
}
