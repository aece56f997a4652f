/** The bundle of the minimal governed agent: its minified size, and what each package and module adds. */
export interface MeasuredBundle {
  readonly bytes: number;
  readonly packages: Readonly<Record<string, number>>;
  readonly modules: readonly { readonly input: string; readonly bytes: number }[];
  readonly code: string;
}

/** The package (`@brane/core`, `zod`) or `app` a bundled input path belongs to. */
export function packageOf(input: string): string;

/** Bundles `entry` (default: the minimal agent) against the built packages, minified. */
export function measureBundle(
  entry?: string,
  options?: { readonly sources?: boolean; readonly root?: string },
): Promise<MeasuredBundle>;
