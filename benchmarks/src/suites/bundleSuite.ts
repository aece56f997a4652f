import { dirname, join } from 'node:path';
import { measureBundle } from '../../../scripts/bundleSize.mjs';

/** The target of issue 13: a bundled minimal governed agent, minified, without the file stores. */
export const BUNDLE_TARGET_BYTES = 150 * 1024;

/** The minified size of one bundled agent, and what each package adds to it. */
export interface BundleSize {
  readonly bytes: number;
  /** Bytes in the output per package (`@brane/core`, `safe-stable-stringify`, `app`), largest first. */
  readonly packages: readonly { readonly name: string; readonly bytes: number }[];
}

/** The minimal governed agent's bundle, and the same agent's with approvals and an audit trail in memory. */
export interface BundleResults extends BundleSize {
  /** `benchmarks/src/bundle/governedAgent.ts`: `useApprovals()`, `useAudit()`, in-memory store and sink. */
  readonly withFeatures: BundleSize;
}

/**
 * Bundles `benchmarks/src/bundle/minimalAgent.ts` and `governedAgent.ts` against the built packages (esbuild, ESM,
 * platform node, minified, keepNames), as a user's app would be. Sizes do not depend on load: one run is enough.
 */
export async function bundleSuite(): Promise<BundleResults> {
  // Jobs run as `node benchmarks/dist/main.mjs --job bundle`.
  const root = join(dirname(process.argv[1] as string), '..', '..');
  const minimal = await measure(undefined, root);
  const withFeatures = await measure(join(root, 'benchmarks', 'src', 'bundle', 'governedAgent.ts'), root);
  return { ...minimal, withFeatures };
}

async function measure(entry: string | undefined, root: string): Promise<BundleSize> {
  const measured = await measureBundle(entry, { root });
  return {
    bytes: measured.bytes,
    packages: Object.entries(measured.packages)
      .map(([name, bytes]) => ({ name, bytes }))
      .sort((a, b) => b.bytes - a.bytes),
  };
}
