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
/** The most batches in flight at once: the next one executes while the one before waits for its commit. */
const MAX_IN_FLIGHT = 2;

/**
 * Group commit: the operations submitted in one turn of the event loop go together, in one statement and one commit,
 * at the end of that turn (`setImmediate`); those submitted while {@link MAX_IN_FLIGHT} batches are in flight wait for
 * one to end, then go together. So the workers a batch's answers wake, each of which writes its next step in the
 * same turn, share the next statement instead of sending one each: a statement costs the client and the server far
 * more than a row of it. Each caller gets its own outcome (`run` settles every operation of a batch on its own). Two
 * operations on one row are never in flight at once: the second waits for the first's batch to end, so it sees its
 * result, and two batches never lock rows in opposite orders.
 *
 * @internal
 */
export class GroupCommit<Op extends GroupedOperation, Result> {
  readonly #run: (ops: readonly Op[]) => Promise<readonly PromiseSettledResult<Result>[]>;
  #queue: Entry<Op, Result>[] = [];
  /** The keys of the batches in flight: an operation on one of them waits for the next batch. */
  readonly #busy = new Set<string>();
  #inFlight = 0;
  /** Whether a send is scheduled for the end of this turn. */
  #scheduled = false;

  /** `run` writes a batch and settles each of its operations, in order; it never rejects. */
  constructor(run: (ops: readonly Op[]) => Promise<readonly PromiseSettledResult<Result>[]>) {
    this.#run = run;
  }

  /** Queues `op` for the batch sent at the end of this turn (or later); settles with its own outcome. */
  submit(op: Op): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.#queue.push({ op, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        this.#next();
      });
    });
  }

  /** Sends the next batch if there is room in flight and an operation to send. */
  #next(): void {
    if (this.#inFlight >= MAX_IN_FLIGHT) return;
    const batch = this.#take();
    if (batch.length === 0) return;
    this.#inFlight += 1;
    void this.#send(batch);
  }

  async #send(batch: readonly Entry<Op, Result>[]): Promise<void> {
    let outcomes: readonly PromiseSettledResult<Result>[];
    try {
      outcomes = await this.#run(batch.map((entry) => entry.op));
    } catch (error) {
      outcomes = batch.map(() => ({ status: 'rejected', reason: error }));
    }
    for (const entry of batch) this.#busy.delete(entry.op.key);
    this.#inFlight -= 1;
    batch.forEach((entry, i) => {
      const outcome = outcomes[i];
      if (outcome?.status === 'fulfilled') entry.resolve(outcome.value);
      else entry.reject(outcome === undefined ? new Error('GroupCommit: no outcome for an operation') : outcome.reason);
    });
    this.#next();
  }

  /** The next batch: queued operations in order, one per key and none on a key in flight, at most {@link MAX_BATCH}. */
  #take(): Entry<Op, Result>[] {
    const batch: Entry<Op, Result>[] = [];
    const later: Entry<Op, Result>[] = [];
    for (const entry of this.#queue) {
      if (batch.length >= MAX_BATCH || this.#busy.has(entry.op.key)) {
        later.push(entry);
      } else {
        this.#busy.add(entry.op.key);
        batch.push(entry);
      }
    }
    this.#queue = later;
    return batch;
  }
}
