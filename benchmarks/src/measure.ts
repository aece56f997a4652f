/** One benchmark's result: time per call, in nanoseconds. */
export interface Measurement {
  readonly name: string;
  readonly avgNs: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly samples: number;
}

/** `quick` runs each benchmark for a few milliseconds: enough to prove it runs, not to trust its timing. */
export interface BenchOptions {
  readonly quick: boolean;
}

const QUICK = { min_cpu_time: 2e6, min_samples: 2, max_samples: 16, batch_samples: 64, warmup_samples: 1 };

/** A benchmark to run: a name and the call to time. */
export interface BenchCase {
  readonly name: string;
  readonly fn: () => unknown;
}

/**
 * Measures several calls (sync or async) with mitata, interleaved: each round measures every case once, and
 * each case keeps its best round (three rounds; one when quick). On a shared machine another process can slow
 * one measurement down; interleaving keeps such a slowdown from favouring the cases measured first. Results
 * are kept alive, so no call can be optimised away.
 */
export async function benchEach(cases: readonly BenchCase[], options: BenchOptions): Promise<Measurement[]> {
  // mitata is ESM-only; this package compiles as CommonJS for jest, so it is loaded dynamically.
  const { do_not_optimize, measure } = await import('mitata');
  const runs = await Promise.all(
    cases.map(async ({ fn }) => {
      const probe = fn();
      const isAsync = probe instanceof Promise;
      if (isAsync) await probe;
      return (): (() => unknown) =>
        isAsync
          ? async () => {
              do_not_optimize(await (fn() as Promise<unknown>));
            }
          : () => {
              do_not_optimize(fn());
            };
    }),
  );
  const best: (Measurement | undefined)[] = cases.map(() => undefined);
  for (let round = 0; round < (options.quick ? 1 : 3); round++) {
    for (const [i, { name }] of cases.entries()) {
      const stats = await measure((runs[i] as () => () => unknown)(), options.quick ? QUICK : {});
      const previous = best[i];
      if (previous === undefined || stats.avg < previous.avgNs) {
        best[i] = { name, avgNs: stats.avg, p50Ns: stats.p50, p99Ns: stats.p99, samples: stats.samples.length };
      }
    }
  }
  return best as Measurement[];
}

/** Measures one call; see {@link benchEach}. */
export async function bench(name: string, fn: () => unknown, options: BenchOptions): Promise<Measurement> {
  const [measurement] = await benchEach([{ name, fn }], options);
  return measurement as Measurement;
}

/** Runs `fn` and swallows the error it is expected to throw (a denial), keeping it alive. */
export function expectThrow(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('the benchmarked call was expected to be denied, and was not');
}

/** The async counterpart of {@link expectThrow}. */
export async function expectReject(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('the benchmarked call was expected to be denied, and was not');
}
