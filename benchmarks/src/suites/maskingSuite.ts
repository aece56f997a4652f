import { DEFAULT_SECRET_PATTERNS, maskSecrets } from '@brane/sdk';

/** The size of each masked argument, in bytes: 1 MB, as an agent can pass. */
export const MASKED_BYTES = 1_000_000;

/** Milliseconds to mask one 1 MB argument: with every default pattern, and with each pattern alone. */
export interface MaskingResults {
  /** A linear pass over the same text (`indexOf` of a character it does not hold): the floor. */
  readonly scan: { readonly prose: number; readonly adversarial: number };
  readonly allDefaults: { readonly prose: number; readonly adversarial: number };
  readonly perPattern: readonly { readonly pattern: string; readonly prose: number; readonly adversarial: number }[];
}

/** About 1 MB of prose with ids, emails and numbers, as tool arguments read. */
function prose(): string {
  const line = 'Customer cust_4411 asked about invoice INV-2024-0042 (amount 25.00) at jane.doe@example.com; ';
  return line.repeat(Math.ceil(MASKED_BYTES / line.length)).slice(0, MASKED_BYTES);
}

/** The security review's input: `eyJ-` repeated (quadratic for the JWT pattern before it was fixed). */
function adversarial(): string {
  return 'eyJ-'.repeat(MASKED_BYTES / 4);
}

/** The least wall time of `runs` runs of `fn`, in milliseconds. */
function fastest(fn: () => unknown, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return Math.round(best * 1000) / 1000;
}

/** Masking a 1 MB argument, per default pattern and with all of them, beside a plain scan of the same text. */
export function maskingSuite(quick: boolean): Promise<MaskingResults> {
  const runs = quick ? 1 : 5;
  const texts = { prose: prose(), adversarial: adversarial() };
  const time = (fn: (text: string) => unknown) => ({
    prose: fastest(() => fn(texts.prose), runs),
    adversarial: fastest(() => fn(texts.adversarial), runs),
  });
  return Promise.resolve({
    scan: time((text) => text.indexOf('\u0000')),
    allDefaults: time((text) => maskSecrets({ note: text })),
    perPattern: DEFAULT_SECRET_PATTERNS.map((pattern) => ({
      pattern: pattern.source.length > 48 ? `${pattern.source.slice(0, 45)}...` : pattern.source,
      ...time((text) => maskSecrets({ note: text }, { patterns: [pattern] })),
    })),
  });
}
