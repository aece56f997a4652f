import { dirname, join } from 'node:path';
import { measureBundle } from '../../../scripts/bundleSize.mjs';

/** The target of issue 13: a bundled minimal governed agent, minified, without the file stores. */
export const BUNDLE_TARGET_BYTES = 150 * 1024;

/** The minified size of the minimal governed agent's bundle, and what each package adds to it. */
export interface BundleResults {
  readonly bytes: number;
  /** Bytes in the output per package (`@brane/core`, `safe-stable-stringify`, `app`), largest first. */
  readonly packages: readonly { readonly name: string; readonly bytes: number }[];
}

/**
 * Bundles `benchmarks/src/bundle/minimalAgent.ts` against the built packages (esbuild, ESM, platform node,
 * minified, keepNames), as a user's app would be. Sizes do not depend on load: one run is enough.
 */
export async function bundleSuite(): Promise<BundleResults> {
  // Jobs run as `node benchmarks/dist/main.mjs --job bundle`.
  const root = join(dirname(process.argv[1] as string), '..', '..');
  const measured = await measureBundle(undefined, { root });
  return {
    bytes: measured.bytes,
    packages: Object.entries(measured.packages)
      .map(([name, bytes]) => ({ name, bytes }))
      .sort((a, b) => b.bytes - a.bytes),
  };
}
