import { BUNDLE_TARGET_BYTES, type BundleResults } from '../suites/bundleSuite.js';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * The bundle section: the minimal governed agent's minified size per package, beside the target, and the same
 * agent's with approvals and an audit trail in memory.
 */
export function renderBundle(run: BundleResults): string {
  const met = run.bytes <= BUNDLE_TARGET_BYTES;
  const full = run.withFeatures;
  const names = [...new Set([...run.packages, ...full.packages].map((row) => row.name))];
  const sizeOf = (rows: BundleResults['packages'], name: string): string => {
    const row = rows.find((candidate) => candidate.name === name);
    return row === undefined ? '—' : kb(row.bytes);
  };
  return [
    'The minimal governed agent (`benchmarks/src/bundle/minimalAgent.ts`: one capability, one policy, a runtime with',
    'its defaults) bundled as an app would be: esbuild, ESM, platform node, minified, `keepNames`. Approvals, the',
    'audit trail and the file stores (`FileApprovalStore`, `JsonlFileSink`) are left out by the bundler unless the',
    'app registers or imports them. Beside it, the same agent with approvals and an audit trail in memory',
    '(`benchmarks/src/bundle/governedAgent.ts`: `useApprovals()`, `useAudit()`, `InMemoryApprovalStore`,',
    '`MemoryAuditSink`).',
    `Target: at most ${kb(BUNDLE_TARGET_BYTES)} for the minimal agent; measured **${kb(run.bytes)}** (${met ? 'met' : 'missed'}).`,
    '',
    '| package | minimal agent | with approvals + audit |',
    '| --- | --- | --- |',
    ...names.map((name) => `| \`${name}\` | ${sizeOf(run.packages, name)} | ${sizeOf(full.packages, name)} |`),
    `| **total** | **${kb(run.bytes)}** | **${kb(full.bytes)}** |`,
  ].join('\n');
}
