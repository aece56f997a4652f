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

/** Measures `fn` (sync or async) with mitata; its result is kept alive so the call cannot be optimised away. */
export async function bench(name: string, fn: () => unknown, options: BenchOptions): Promise<Measurement> {
  // mitata is ESM-only; this package compiles as CommonJS for jest, so it is loaded dynamically.
  const { do_not_optimize, measure } = await import('mitata');
  const probe = fn();
  const isAsync = probe instanceof Promise;
  if (isAsync) await probe;
  const run = isAsync
    ? async () => {
        do_not_optimize(await (fn() as Promise<unknown>));
      }
    : () => {
        do_not_optimize(fn());
      };
  const stats = await measure(run, options.quick ? QUICK : {});
  return { name, avgNs: stats.avg, p50Ns: stats.p50, p99Ns: stats.p99, samples: stats.samples.length };
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
