import { AuditError, ConfigurationError } from '@brane/errors';
import { AuditDispatcher, type AuditDispatcherOptions } from '../src/AuditDispatcher';
import type { AuditEvent } from '../src/AuditEvent';
import type { AuditSink } from '../src/AuditSink';
import { MemoryAuditSink } from '../src/MemoryAuditSink';
import { numbered, numberedRange, numbersOf } from './fixtures/lifecycleEvents';

/** A sink whose writes can be held open, made to fail, or made to throw. */
class TestSink implements AuditSink {
  readonly written: AuditEvent[] = [];
  readonly batches: number[] = [];
  /** Fail this many writes from now on (a rejected promise). */
  failNext = 0;
  /** Fail every write. */
  failing = false;
  /** Hold each write open until `release()`. */
  gated = false;
  flushes = 0;
  closes = 0;
  readonly #held: (() => void)[] = [];

  constructor(readonly name: string) {}

  write(events: readonly AuditEvent[]): void | Promise<void> {
    this.batches.push(events.length);
    if (this.failing || this.failNext > 0) {
      this.failNext -= 1;
      return Promise.reject(new Error(`${this.name} is down`));
    }
    if (!this.gated) {
      this.written.push(...events);
      return undefined;
    }
    return new Promise((resolve) => {
      this.#held.push(() => {
        this.written.push(...events);
        resolve();
      });
    });
  }

  /** Completes the writes held so far. */
  release(): void {
    for (const complete of this.#held.splice(0)) complete();
  }

  get inFlight(): number {
    return this.#held.length;
  }

  flush(): void {
    this.flushes += 1;
  }

  close(): void {
    this.closes += 1;
  }
}

/** A {@link TestSink} that can also write synchronously; `writeSync` can be made to throw. */
class SyncTestSink extends TestSink {
  readonly syncBatches: number[] = [];
  syncFailing = false;

  writeSync(events: readonly AuditEvent[]): void {
    this.syncBatches.push(events.length);
    if (this.syncFailing) throw new Error(`${this.name} cannot write now`);
    this.written.push(...events);
  }
}

/** Lets queued microtasks (delivery, write results) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
}

const open: AuditDispatcher[] = [];

function dispatcher(options: AuditDispatcherOptions): AuditDispatcher {
  const created = new AuditDispatcher(options);
  open.push(created);
  return created;
}

function exitListener(): (() => void) | undefined {
  const listener = process.listeners('exit').find((fn) => fn.name === 'drainAuditQueuesAtExit');
  return listener as (() => void) | undefined;
}

afterEach(async () => {
  jest.useRealTimers();
  jest.restoreAllMocks();
  await Promise.allSettled(open.splice(0).map((each) => each.close({ timeoutMs: 5 })));
});

describe('AuditDispatcher delivery', () => {
  it('returns undefined and delivers every event to every sink, in emit order, in batches', async () => {
    const a = new TestSink('a');
    const b = new MemoryAuditSink();
    const audit = dispatcher({ sinks: [a, b] });

    expect(audit.emit(numberedRange(1, 2))).toBeUndefined();
    expect(audit.emit([numbered(3)])).toBeUndefined();
    expect(a.written).toEqual([]);
    await settle();
    void audit.emit(numberedRange(4, 2));
    await audit.flush();

    expect(numbersOf(a.written)).toEqual([1, 2, 3, 4, 5]);
    expect(numbersOf(b.events)).toEqual([1, 2, 3, 4, 5]);
    expect(a.batches).toEqual([3, 2]);
    expect(audit.emit([])).toBeUndefined();
  });

  it('keeps one write in flight per sink and caps batches at maxBatchSize', async () => {
    const sink = new TestSink('slow');
    sink.gated = true;
    const audit = dispatcher({ sinks: [sink], maxBatchSize: 2 });

    void audit.emit(numberedRange(1, 3));
    await settle();
    void audit.emit([numbered(4)]);
    await settle();
    expect(sink.batches).toEqual([2]);

    sink.release();
    await settle();
    expect(sink.batches).toEqual([2, 2]);
    sink.release();
    await audit.flush();

    expect(numbersOf(sink.written)).toEqual([1, 2, 3, 4]);
  });

  it('isolates sinks: one failing forever does not delay the others', async () => {
    jest.useFakeTimers();
    const broken = new TestSink('broken');
    broken.failing = true;
    const healthy = new MemoryAuditSink();
    const audit = dispatcher({ sinks: [broken, healthy] });

    void audit.emit(numberedRange(1, 2));
    await settle();
    void audit.emit([numbered(3)]);
    await jest.advanceTimersByTimeAsync(60_000);

    expect(numbersOf(healthy.events)).toEqual([1, 2, 3]);
    expect(audit.stats()).toEqual({
      broken: expect.objectContaining({ queued: 3, dropped: 0, lastError: 'broken is down' }) as unknown,
      memory: { queued: 0, waiting: 0, dropped: 0, failures: 0, consecutiveFailures: 0 },
    });
    expect(audit.stats()['broken']?.failures).toBeGreaterThan(5);
  });

  it('retries a failed batch at the head of its queue with exponential backoff until the sink recovers', async () => {
    jest.useFakeTimers();
    jest.spyOn(Math, 'random').mockReturnValue(1); // no jitter: the full delay
    const sink = new TestSink('flaky');
    sink.failNext = 4;
    const audit = dispatcher({ sinks: [sink], retry: { baseDelayMs: 100, maxDelayMs: 400 } });

    void audit.emit(numberedRange(1, 2));
    await settle();
    expect(sink.batches).toHaveLength(1);
    void audit.emit([numbered(3)]); // queued behind the failed batch

    const writesAt = async (ms: number): Promise<number> => {
      await jest.advanceTimersByTimeAsync(ms);
      return sink.batches.length;
    };
    expect([await writesAt(99), await writesAt(1)]).toEqual([1, 2]); // after 100 ms
    expect([await writesAt(199), await writesAt(1)]).toEqual([2, 3]); // after 200 ms
    expect([await writesAt(399), await writesAt(1)]).toEqual([3, 4]); // after 400 ms
    expect([await writesAt(399), await writesAt(1)]).toEqual([4, 5]); // capped at 400 ms; this one succeeds

    await audit.flush();
    expect(numbersOf(sink.written)).toEqual([1, 2, 3]);
    expect(sink.batches).toEqual([2, 3, 3, 3, 3]);
    expect(audit.stats()['flaky']).toEqual({
      queued: 0,
      waiting: 0,
      dropped: 0,
      failures: 4,
      consecutiveFailures: 0,
      lastError: 'flaky is down',
    });
  });

  it('treats a write that throws synchronously like a rejected one', async () => {
    jest.useFakeTimers();
    let calls = 0;
    const written: AuditEvent[] = [];
    const sink: AuditSink = {
      name: 'throws',
      write(events) {
        calls += 1;
        if (calls === 1) throw new TypeError('bad state');
        written.push(...events);
      },
    };
    const audit = dispatcher({ sinks: [sink] });

    void audit.emit([numbered(1)]);
    await settle();
    expect(audit.stats()['throws']).toMatchObject({ queued: 1, failures: 1, lastError: 'bad state' });
    await jest.advanceTimersByTimeAsync(100);

    expect(numbersOf(written)).toEqual([1]);
  });
});

describe('AuditDispatcher overflow', () => {
  it('drop: keeps what fits, drops and counts the rest, and still feeds sinks with room', async () => {
    const slow = new TestSink('slow');
    slow.gated = true;
    const healthy = new MemoryAuditSink();
    const audit = dispatcher({ sinks: [slow, healthy], bufferSize: 3, overflow: 'drop' });

    void audit.emit(numberedRange(1, 2));
    await settle();
    expect(audit.emit(numberedRange(3, 2))).toBeUndefined();
    expect(audit.emit([numbered(5)])).toBeUndefined();

    expect(audit.stats()['slow']).toMatchObject({ queued: 3, dropped: 2 });
    slow.release();
    await settle();
    slow.release();
    await audit.flush();
    expect(numbersOf(slow.written)).toEqual([1, 2, 3]);
    expect(numbersOf(healthy.events)).toEqual([1, 2, 3, 4, 5]);
    expect(audit.stats()['memory']?.dropped).toBe(0);
  });

  it('fail-closed: throws AUDIT_BUFFER_FULL naming the sink and queues nothing anywhere', async () => {
    const slow = new TestSink('slow');
    slow.gated = true;
    const healthy = new MemoryAuditSink();
    const audit = dispatcher({ sinks: [healthy, slow], bufferSize: 2, overflow: 'fail-closed' });
    void audit.emit(numberedRange(1, 2));
    await settle();

    let error: unknown;
    try {
      void audit.emit([numbered(3)]);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(AuditError);
    expect(error).toMatchObject({ code: 'AUDIT_BUFFER_FULL', sink: 'slow', details: { queued: 2, bufferSize: 2 } });
    expect(audit.stats()['memory']?.queued).toBe(0);
    slow.release();
    await audit.flush();
    expect(numbersOf(healthy.events)).toEqual([1, 2]);
    expect(audit.emit([numbered(4)])).toBeUndefined();
  });

  it('fail-closed never refuses events of what already happened: they wait for room', async () => {
    const slow = new TestSink('slow');
    slow.gated = true;
    const audit = dispatcher({ sinks: [slow], bufferSize: 2, overflow: 'fail-closed' });
    void audit.emit(numberedRange(1, 2));
    await settle();

    const waiting = audit.emit([numbered(3)], { afterTheFact: true });

    expect(waiting).toBeInstanceOf(Promise);
    expect(() => audit.emit([numbered(4)])).toThrow(AuditError);
    slow.gated = false;
    slow.release();
    await waiting;
    await audit.flush();
    expect(numbersOf(slow.written)).toEqual([1, 2, 3]);
  });

  it('block: returns a promise that settles once there is room, and keeps emit order', async () => {
    const slow = new TestSink('slow');
    slow.gated = true;
    const healthy = new MemoryAuditSink();
    const audit = dispatcher({ sinks: [slow, healthy], bufferSize: 2 });
    void audit.emit(numberedRange(1, 2));
    await settle();

    const first = audit.emit([numbered(3)]);
    const second = audit.emit([numbered(4)]); // fits by size, but waits behind the first
    let settled = 0;
    void first?.then(() => (settled += 1));
    void second?.then(() => (settled += 1));
    await settle();

    expect(first).toBeInstanceOf(Promise);
    expect(second).toBeInstanceOf(Promise);
    expect(settled).toBe(0);
    expect(numbersOf(healthy.events)).toEqual([1, 2, 3, 4]); // a sink with room is not held back
    expect(audit.stats()['slow']).toMatchObject({ queued: 2, waiting: 2 });

    slow.release();
    await Promise.all([first, second]);
    slow.release();
    await audit.flush();
    expect(numbersOf(slow.written)).toEqual([1, 2, 3, 4]);
  });

  it('block with canWait: false throws AUDIT_BUFFER_FULL, as fail-closed does, and queues nothing', async () => {
    const slow = new TestSink('slow');
    slow.gated = true;
    const healthy = new MemoryAuditSink();
    const audit = dispatcher({ sinks: [healthy, slow], bufferSize: 1, overflow: 'block' });
    void audit.emit([numbered(1)], { canWait: false });
    await settle();

    expect(() => audit.emit([numbered(2)], { canWait: false })).toThrow(
      expect.objectContaining({ code: 'AUDIT_BUFFER_FULL', sink: 'slow' }) as Error,
    );
    await settle();
    expect(numbersOf(healthy.events)).toEqual([1]);
  });

  it('block with canWait: false never refuses what already happened: it waits for room', async () => {
    const slow = new TestSink('slow');
    slow.gated = true;
    const audit = dispatcher({ sinks: [slow], bufferSize: 1, overflow: 'block' });
    void audit.emit([numbered(1)], { canWait: false });
    await settle();

    expect(() => audit.emit([numbered(2)], { canWait: false })).toThrow(AuditError);
    const waiting = audit.emit([numbered(3)], { canWait: false, afterTheFact: true });
    expect(waiting).toBeInstanceOf(Promise);
    slow.gated = false;
    slow.release();
    await waiting;
    await audit.flush();
    expect(numbersOf(slow.written)).toEqual([1, 3]);
  });

  it('takes a batch larger than the whole buffer into an empty queue rather than blocking forever', async () => {
    const sink = new MemoryAuditSink();
    const audit = dispatcher({ sinks: [sink], bufferSize: 2, overflow: 'fail-closed' });

    expect(audit.emit(numberedRange(1, 5))).toBeUndefined();
    await audit.flush();

    expect(sink.events).toHaveLength(5);
  });
});

describe('AuditDispatcher: a full queue whose sink can write synchronously', () => {
  it.each(['block', 'fail-closed', 'drop'] as const)(
    '%s: a synchronous burst is written in batches of the buffer, in order: nothing refused, nothing dropped',
    async (overflow) => {
      const sink = new SyncTestSink('disk');
      const audit = dispatcher({ sinks: [sink], bufferSize: 10, overflow });

      for (let n = 1; n <= 25; n += 1) expect(audit.emit([numbered(n)], { canWait: false })).toBeUndefined();

      expect(sink.syncBatches).toEqual([10, 10]);
      await audit.flush();
      expect(numbersOf(sink.written)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(audit.stats()['disk']).toMatchObject({ dropped: 0, queued: 0 });
    },
  );

  it('a caller that cannot wait writes a batch at once as soon as `maxBatchSize` are queued, before the buffer fills', async () => {
    const sink = new SyncTestSink('disk');
    const audit = dispatcher({ sinks: [sink], bufferSize: 100, maxBatchSize: 4, overflow: 'block' });

    for (let n = 1; n <= 10; n += 1) expect(audit.emit([numbered(n)], { canWait: false })).toBeUndefined();

    expect(sink.syncBatches).toEqual([4, 4]); // the synchronous loop never let the queue deliver
    await audit.flush();
    expect(numbersOf(sink.written)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('block: a caller that can wait waits for room instead, leaving the event loop free', async () => {
    const sink = new SyncTestSink('disk');
    sink.gated = true;
    const audit = dispatcher({ sinks: [sink], bufferSize: 2 });
    void audit.emit(numberedRange(1, 2));
    await settle();

    const waiting = audit.emit([numbered(3)]);

    expect(waiting).toBeInstanceOf(Promise);
    expect(sink.syncBatches).toEqual([]);
    sink.gated = false;
    sink.release();
    await waiting;
    await audit.flush();
    expect(numbersOf(sink.written)).toEqual([1, 2, 3]);
  });

  it('writes past a batch in flight, and overflow still governs a sink that cannot write synchronously', async () => {
    const disk = new SyncTestSink('disk');
    disk.gated = true;
    const remote = new TestSink('remote');
    remote.gated = true;
    const audit = dispatcher({ sinks: [disk, remote], bufferSize: 2, overflow: 'fail-closed' });
    void audit.emit([numbered(1)]);
    await settle();
    void audit.emit([numbered(2)]);

    expect(() => audit.emit([numbered(3)])).toThrow(
      expect.objectContaining({ code: 'AUDIT_BUFFER_FULL', sink: 'remote' }) as Error,
    );
    expect(disk.syncBatches).toEqual([1]); // event 2 (event 1 is being written); event 3 is queued nowhere
    expect(audit.stats()['disk']?.queued).toBe(1);
  });

  it('a failed synchronous flush falls back to overflow: the call is refused, the events stay queued', async () => {
    const sink = new SyncTestSink('disk');
    sink.syncFailing = true;
    sink.gated = true;
    const audit = dispatcher({ sinks: [sink], bufferSize: 1, overflow: 'fail-closed' });
    void audit.emit([numbered(1)]);
    await settle();
    void audit.emit([numbered(2)]);

    expect(() => audit.emit([numbered(3)])).toThrow(expect.objectContaining({ code: 'AUDIT_BUFFER_FULL' }) as Error);
    expect(audit.stats()['disk']).toMatchObject({ queued: 2, failures: 1, lastError: 'disk cannot write now' });
  });
});

describe('AuditDispatcher.emitDurable', () => {
  /** A sink whose durable writes settle when told, to see calls share them. */
  class DurableSink extends TestSink {
    readonly durableBatches: number[][] = [];
    fail = false;
    readonly #pending: (() => void)[] = [];

    writeDurable(events: readonly AuditEvent[]): Promise<void> {
      this.durableBatches.push(numbersOf(events));
      if (this.fail) return Promise.reject(new Error('disk full'));
      return new Promise((resolve) => this.#pending.push(resolve));
    }

    syncNow(): void {
      for (const resolve of this.#pending.splice(0)) resolve();
    }
  }

  it('hands queued events first, then these, and settles once the sink made them durable', async () => {
    const sink = new DurableSink('disk');
    sink.gated = true;
    const memory = new MemoryAuditSink();
    const audit = dispatcher({ sinks: [sink, memory] });
    void audit.emit([numbered(1)]);
    await settle(); // 1 is being written
    void audit.emit([numbered(2)]);

    let durable = false;
    const written = audit.emitDurable([numbered(3)]).then(() => (durable = true));
    await settle();

    expect(sink.durableBatches).toEqual([[2, 3]]);
    expect(durable).toBe(false);
    expect(numbersOf(memory.events)).toEqual([1, 2, 3]); // a sink with writeSync wrote at once
    sink.syncNow();
    await written;
    expect(durable).toBe(true);
  });

  it('rejects with AUDIT_WRITE_FAILED naming the sink when it cannot make them durable', async () => {
    const sink = new DurableSink('disk');
    sink.fail = true;
    const audit = dispatcher({ sinks: [sink] });

    await expect(audit.emitDurable([numbered(1)])).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', sink: 'disk' });
    expect(audit.stats()['disk']).toMatchObject({ failures: 1, lastError: 'disk full' });
  });
});

describe('AuditDispatcher.captureContexts', () => {
  it('asks only the sinks that capture, and gives nothing when none did', () => {
    const capturing: AuditSink = { name: 'otel', write: () => undefined, captureContext: () => 'span_7' };
    const silent: AuditSink = { name: 'quiet', write: () => undefined, captureContext: () => undefined };

    expect(dispatcher({ sinks: [new MemoryAuditSink()] }).captureContexts()).toBeUndefined();
    expect(dispatcher({ sinks: [silent] }).captureContexts()).toBeUndefined();
    expect(dispatcher({ sinks: [capturing, silent] }).captureContexts()).toEqual(new Map([[capturing, 'span_7']]));
  });
});

describe('AuditDispatcher.emitSync', () => {
  it('writes earlier queued events, then these, before returning; sinks without writeSync get them queued', async () => {
    const durable = new SyncTestSink('durable');
    const later = new TestSink('later');
    const audit = dispatcher({ sinks: [durable, later] });
    void audit.emit(numberedRange(1, 2)); // not delivered yet: delivery waits for a microtask

    audit.emitSync([numbered(3)]);

    expect(numbersOf(durable.written)).toEqual([1, 2, 3]);
    expect(durable.syncBatches).toEqual([3]);
    expect(later.written).toEqual([]);
    await audit.flush();
    expect(numbersOf(durable.written)).toEqual([1, 2, 3]); // nothing written twice
    expect(durable.batches).toEqual([]);
    expect(numbersOf(later.written)).toEqual([1, 2, 3]);
  });

  it('does not rewrite a batch whose async write is in flight', async () => {
    const durable = new SyncTestSink('durable');
    durable.gated = true;
    const audit = dispatcher({ sinks: [durable] });
    void audit.emit([numbered(1)]);
    await settle();
    void audit.emit([numbered(2)]);

    audit.emitSync([numbered(3)]);
    durable.release();
    await audit.flush();

    expect(numbersOf(durable.written)).toEqual([2, 3, 1]); // 1 landed when its write completed
    expect(durable.syncBatches).toEqual([2]);
  });

  it('drains a batch waiting to be retried, so the retry does not duplicate it', async () => {
    jest.useFakeTimers();
    const durable = new SyncTestSink('durable');
    durable.failNext = 1;
    const audit = dispatcher({ sinks: [durable] });
    void audit.emit(numberedRange(1, 2));
    await settle();
    expect(audit.stats()['durable']).toMatchObject({ queued: 2, failures: 1 });

    audit.emitSync([numbered(3)]);
    await jest.advanceTimersByTimeAsync(10_000);

    expect(numbersOf(durable.written)).toEqual([1, 2, 3]);
    expect(audit.stats()['durable']).toMatchObject({ queued: 0, consecutiveFailures: 0 });
  });

  it('throws AUDIT_WRITE_FAILED with the cause when writeSync throws, and loses nothing', async () => {
    jest.useFakeTimers();
    const durable = new SyncTestSink('durable');
    durable.syncFailing = true;
    const other = new SyncTestSink('other');
    const audit = dispatcher({ sinks: [durable, other] });
    void audit.emit([numbered(1)]);

    let error: unknown;
    try {
      audit.emitSync([numbered(2)]);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(AuditError);
    expect(error).toMatchObject({ code: 'AUDIT_WRITE_FAILED', sink: 'durable' });
    expect((error as Error).cause).toEqual(new Error('durable cannot write now'));
    expect(numbersOf(other.written)).toEqual([1, 2]); // the other sink is written regardless
    expect(audit.stats()['durable']).toMatchObject({ queued: 2, failures: 1, lastError: 'durable cannot write now' });
    await jest.advanceTimersByTimeAsync(10_000); // the async retry loop takes over
    expect(numbersOf(durable.written)).toEqual([1, 2]);
  });

  it('throws AUDIT_BUFFER_FULL before writing anything when a sink without writeSync is full', async () => {
    const durable = new SyncTestSink('durable');
    const slow = new TestSink('slow');
    slow.gated = true;
    const audit = dispatcher({ sinks: [durable, slow], bufferSize: 1, overflow: 'block' });
    void audit.emit([numbered(1)]);
    await settle();

    expect(() => {
      audit.emitSync([numbered(2)]);
    }).toThrow(expect.objectContaining({ code: 'AUDIT_BUFFER_FULL' }) as Error);
    expect(numbersOf(durable.written)).toEqual([1]);
  });
});

describe('AuditDispatcher flush, close and exit', () => {
  it('flush retries a waiting sink at once, then flushes every sink', async () => {
    jest.useFakeTimers();
    const sink = new TestSink('flaky');
    sink.failNext = 1;
    const audit = dispatcher({ sinks: [sink], retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    void audit.emit([numbered(1)]);
    await settle();

    await audit.flush();

    expect(numbersOf(sink.written)).toEqual([1]);
    expect(sink.flushes).toBe(1);
  });

  it('flush with a timeout rejects with AUDIT_WRITE_FAILED naming a stuck sink, whose events stay queued', async () => {
    jest.useFakeTimers();
    const broken = new TestSink('broken');
    broken.failing = true;
    const audit = dispatcher({ sinks: [new MemoryAuditSink(), broken] });
    void audit.emit(numberedRange(1, 3));

    const flushed = audit.flush({ timeoutMs: 1_000 });
    const outcome = expect(flushed).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', sink: 'broken' });
    await jest.advanceTimersByTimeAsync(1_000);
    await outcome;
    await expect(flushed).rejects.toThrow(/still holds 3 audit events after 1000 ms .*broken is down/);

    expect(audit.stats()['broken']?.queued).toBe(3);
    expect(broken.flushes).toBe(0);
  });

  it('flush reports a sink whose own flush fails', async () => {
    const sink: AuditSink = {
      name: 'file',
      write: () => undefined,
      flush: () => Promise.reject(new Error('fsync failed')),
    };
    const audit = dispatcher({ sinks: [sink, new MemoryAuditSink()] });

    await expect(audit.flush()).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', sink: 'file' });
  });

  it('close flushes, closes every sink once, and refuses later events', async () => {
    const a = new TestSink('a');
    const b = new TestSink('b');
    const audit = dispatcher({ sinks: [a, b] });
    void audit.emit(numberedRange(1, 2));

    const closing = audit.close();
    expect(audit.close()).toBe(closing);
    await closing;

    expect(numbersOf(a.written)).toEqual([1, 2]);
    expect([a.flushes, a.closes, b.flushes, b.closes]).toEqual([1, 1, 1, 1]);
    expect(() => audit.emit([numbered(3)])).toThrow(expect.objectContaining({ code: 'AUDIT_WRITE_FAILED' }) as Error);
    expect(() => {
      audit.emitSync([numbered(3)]);
    }).toThrow(AuditError);
    await expect(audit.flush()).resolves.toBeUndefined();
  });

  it('close rejects emits still waiting for room and reports the sink it could not flush', async () => {
    const broken = new TestSink('broken');
    broken.failing = true;
    const audit = dispatcher({ sinks: [broken], bufferSize: 1, retry: { baseDelayMs: 1 } });
    void audit.emit([numbered(1)]);
    await settle();
    const waiting = audit.emit([numbered(2)]);

    await expect(audit.close({ timeoutMs: 20 })).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED', sink: 'broken' });
    await expect(waiting).rejects.toMatchObject({ code: 'AUDIT_BUFFER_FULL' });
    expect(broken.closes).toBe(1);
  });

  it('on exit, drains queues into sinks with writeSync and reports on stderr what it could not write', async () => {
    const durable = new SyncTestSink('durable');
    durable.failing = true;
    const asyncOnly = new TestSink('async-only');
    asyncOnly.gated = true;
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const audit = dispatcher({ sinks: [durable, asyncOnly] });
    void audit.emit(numberedRange(1, 2));
    await settle();
    void audit.emit([numbered(3)]);

    const listener = exitListener();
    expect(listener).toBeDefined();
    listener?.();

    expect(numbersOf(durable.written)).toEqual([1, 2, 3]);
    expect(stderr).toHaveBeenCalledTimes(1);
    expect(stderr).toHaveBeenCalledWith(
      '[@brane/audit] 3 audit events for sink `async-only` were not written before exit: the sink cannot write synchronously\n',
    );
  });

  it('registers one exit listener for any number of dispatchers and removes it once all are closed', async () => {
    await Promise.allSettled(open.splice(0).map((each) => each.close({ timeoutMs: 5 })));
    expect(exitListener()).toBeUndefined();
    const count = process.listenerCount('exit');

    const audits = [1, 2, 3].map(() => dispatcher({ sinks: [new MemoryAuditSink()] }));
    expect(process.listenerCount('exit')).toBe(count + 1);
    dispatcher({ sinks: [new MemoryAuditSink()], drainOnExit: false });
    await Promise.all(audits.map((each) => each.close()));

    expect(exitListener()).toBeUndefined();
  });
});

describe('AuditDispatcher options', () => {
  it.each([
    ['no options', undefined],
    ['no sinks', {}],
    ['a sink without write', { sinks: [{ name: 'x' }] }],
    ['a sink without name', { sinks: [{ write: () => undefined }] }],
    ['two sinks with one name', { sinks: [new MemoryAuditSink(), new MemoryAuditSink()] }],
    ['a bad overflow', { sinks: [], overflow: 'ignore' }],
    ['a zero bufferSize', { sinks: [], bufferSize: 0 }],
    ['a fractional maxBatchSize', { sinks: [], maxBatchSize: 1.5 }],
    ['a negative delay', { sinks: [], retry: { baseDelayMs: -1 } }],
    ['an infinite delay', { sinks: [], retry: { maxDelayMs: Infinity } }],
  ])('rejects %s with INVALID_OPTIONS', (_case, options) => {
    expect(() => new AuditDispatcher(options as unknown as AuditDispatcherOptions)).toThrow(ConfigurationError);
    expect(() => new AuditDispatcher(options as unknown as AuditDispatcherOptions)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error,
    );
  });

  it('works with no sinks at all', async () => {
    const audit = dispatcher({ sinks: [] });

    expect(audit.emit([numbered(1)])).toBeUndefined();
    audit.emitSync([numbered(2)]);
    await audit.flush();
    expect(audit.stats()).toEqual({});
  });
});
