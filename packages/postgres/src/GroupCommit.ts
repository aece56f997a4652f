/** An operation of a {@link GroupCommit}: `key` names the row it writes (one per batch). */
export interface GroupedOperation {
  readonly key: string;
}

interface Entry<Op, Result> {
  readonly op: Op;
  readonly resolve: (result: Result) => void;
  readonly reject: (error: unknown) => void;
}

/** The most operations one batch carries. */
const MAX_BATCH = 100;

/**
 * Group commit: an operation submitted while nothing is in flight is sent at once, alone; those submitted while a
 * batch is in flight wait for it and then go together, in one statement and one commit. Each caller gets its own
 * outcome (`run` settles every operation of the batch on its own). Two operations on one row never share a batch:
 * the second waits for the next, so it sees the first's result.
 *
 * @internal
 */
export class GroupCommit<Op extends GroupedOperation, Result> {
  readonly #run: (ops: readonly Op[]) => Promise<readonly PromiseSettledResult<Result>[]>;
  #queue: Entry<Op, Result>[] = [];
  #running = false;

  /** `run` writes a batch and settles each of its operations, in order; it never rejects. */
  constructor(run: (ops: readonly Op[]) => Promise<readonly PromiseSettledResult<Result>[]>) {
    this.#run = run;
  }

  /** Queues `op` for the next batch; settles with its own outcome. */
  submit(op: Op): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ op, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#take();
        let outcomes: readonly PromiseSettledResult<Result>[];
        try {
          outcomes = await this.#run(batch.map((entry) => entry.op));
        } catch (error) {
          outcomes = batch.map(() => ({ status: 'rejected', reason: error }));
        }
        batch.forEach((entry, i) => {
          const outcome = outcomes[i];
          if (outcome?.status === 'fulfilled') entry.resolve(outcome.value);
          else
            entry.reject(
              outcome === undefined ? new Error('GroupCommit: no outcome for an operation') : outcome.reason,
            );
        });
      }
    } finally {
      this.#running = false;
    }
  }

  /** The next batch: queued operations in order, one per key, at most {@link MAX_BATCH}. */
  #take(): Entry<Op, Result>[] {
    const batch: Entry<Op, Result>[] = [];
    const later: Entry<Op, Result>[] = [];
    const keys = new Set<string>();
    for (const entry of this.#queue) {
      if (batch.length >= MAX_BATCH || keys.has(entry.op.key)) {
        later.push(entry);
      } else {
        keys.add(entry.op.key);
        batch.push(entry);
      }
    }
    this.#queue = later;
    return batch;
  }
}
