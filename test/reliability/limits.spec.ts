import { Capability, Runtime } from '@brane/core';
import { Decision, LIMIT_KEY_MAX_LENGTH } from '@brane/decisions';
import { BraneError, CapabilityDeniedError } from '@brane/errors';
import { InMemoryLimitStore } from '@brane/limits';
import fc from 'fast-check';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/*
 * Limits under any interleaving: calls start (the store clock moving on between them), bodies end or fail in
 * any order, costs vary, and policies attach the limits in any order around plain allows. An oracle keeps
 * what should be counted: after every step the store must hold exactly that; a granted call must leave the
 * sum in its window at most `max`; a denied call must have had no room (so capacity is never lost: what
 * remains when a call is denied is less than its cost), and the concurrent slots must never be exceeded.
 */
jest.setTimeout(10 * 60_000);

interface Start {
  readonly op: 'start';
  readonly cost: number;
  readonly fails: boolean;
  readonly dt: number;
}
interface Finish {
  readonly op: 'finish';
  readonly which: number;
}

const step: fc.Arbitrary<Start | Finish> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('start' as const),
      cost: fc.integer({ min: 0, max: 12 }),
      fails: fc.boolean(),
      dt: fc.integer({ min: 0, max: 40 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('finish' as const), which: fc.nat() }) },
);

const limitCase = fc.record({
  max: fc.integer({ min: 1, max: 40 }),
  windowMs: fc.integer({ min: 1, max: 120 }),
  slots: fc.integer({ min: 1, max: 4 }),
  refundOnFailure: fc.boolean(),
  order: fc.constantFrom('budget-first', 'slots-first', 'allow-between'),
  steps: fc.array(step, { minLength: 1, maxLength: 40 }),
});

type LimitCase = typeof limitCase extends fc.Arbitrary<infer T> ? T : never;

const figures = {
  cases: 0,
  granted: 0,
  deniedBudget: 0,
  deniedSlots: 0,
  refunded: 0,
  windowExpiries: 0,
  violations: 0,
};

interface Running {
  readonly at: number;
  readonly cost: number;
  readonly fails: boolean;
  settle: (() => void) | undefined;
  readonly done: Promise<unknown>;
}

/** What the capability's body does in the current case. */
let body: (cost: number) => Promise<number> = () => Promise.resolve(0);

class Worker {
  // Synchronous, returning a promise: the reservation (and a deny) happens at the call, on the clock of the step.
  @Capability({ name: 'work' })
  work(cost: number): Promise<number> {
    return body(cost);
  }
}

/** A store that never gives anything back: the negative control, which the oracle must catch. */
class LeakyStore extends InMemoryLimitStore {
  override release(): void {
    // Keeps every slot and every refunded cost.
  }
}

async function runCase(c: LimitCase, Store: typeof InMemoryLimitStore = InMemoryLimitStore): Promise<void> {
  figures.cases++;
  let now = 1_000_000;
  const store = new Store({ now: () => now });
  const runtime = new Runtime({ limits: store });
  const budget = {
    key: 'budget',
    kind: 'sum' as const,
    max: c.max,
    per: c.windowMs,
    refundOnFailure: c.refundOnFailure,
  };
  const slots = { key: 'slots', kind: 'concurrent' as const, max: c.slots };
  const attachBudget = (cost: number) => Decision.allow().withLimits({ ...budget, cost });
  const attachSlots = () => Decision.allow().withLimits(slots);
  const order =
    c.order === 'slots-first'
      ? ['slots', 'budget']
      : c.order === 'budget-first'
        ? ['budget', 'slots']
        : ['budget', 'plain', 'slots'];
  for (const name of order) {
    runtime.beforeCapability('work', { name }, (ctx) =>
      name === 'budget'
        ? attachBudget(ctx.arg<number>('cost', 0))
        : name === 'slots'
          ? attachSlots()
          : Decision.allow(),
    );
  }
  // Oracle: granted reservations still counted (time, cost), and bodies running.
  const counted: { at: number; cost: number; live: boolean }[] = [];
  const running: Running[] = [];
  const countedNow = (): number =>
    counted.filter((entry) => entry.live && entry.at + c.windowMs > now).reduce((sum, entry) => sum + entry.cost, 0);
  let pendingStart: { cost: number; fails: boolean } | undefined;
  body = (cost) => {
    const start = pendingStart as { cost: number; fails: boolean };
    const entry = { at: now, cost, live: true };
    counted.push(entry);
    figures.granted++;
    if (countedNow() > c.max || running.length + 1 > c.slots) figures.violations++;
    let settle: (() => void) | undefined;
    const done = new Promise<number>((resolve, reject) => {
      settle = () => {
        if (start.fails) {
          if (c.refundOnFailure) {
            entry.live = false;
            figures.refunded++;
          }
          reject(new Error('body failed'));
        } else resolve(cost);
      };
    });
    running.push({ at: now, cost, fails: start.fails, settle, done });
    return done;
  };
  const worker = runtime.govern(new Worker());
  const calls: Promise<unknown>[] = [];
  for (const s of c.steps) {
    if (s.op === 'start') {
      now += s.dt;
      const before = countedNow();
      const runningBefore = running.length;
      pendingStart = { cost: s.cost, fails: s.fails };
      let error: unknown;
      try {
        calls.push(worker.work(s.cost).catch(() => undefined));
      } catch (caught) {
        error = caught;
      }
      if (running.length === runningBefore) {
        // Denied: it must say which limit, and that limit must really have had no room.
        if (!(error instanceof CapabilityDeniedError) || error.limit === undefined) {
          figures.violations++;
          continue;
        }
        if (error.limit.key === 'budget') {
          figures.deniedBudget++;
          if (before + s.cost <= c.max || error.limit.remaining !== Math.max(0, c.max - before)) figures.violations++;
        } else {
          figures.deniedSlots++;
          if (runningBefore < c.slots) figures.violations++;
        }
      }
    } else if (running.length > 0) {
      const [ending] = running.splice(s.which % running.length, 1) as [Running];
      ending.settle?.();
      await ending.done.catch(() => undefined);
      await Promise.resolve(); // the hold ends in the callback after the body settles
      await Promise.resolve();
    }
    if (counted.some((entry) => entry.live && entry.at + c.windowMs <= now)) figures.windowExpiries++;
    if ((store.usage('budget')?.used ?? 0) !== countedNow()) figures.violations++;
    if ((store.usage('slots')?.used ?? 0) !== running.length) figures.violations++;
  }
  for (const ending of running.splice(0)) ending.settle?.();
  await Promise.all(calls);
}

describe('limits under any interleaving of calls, costs and failures', () => {
  it('never reserves past max in any window, never loses capacity, never exceeds the concurrent slots', async () => {
    await fc.assert(
      fc.asyncProperty(limitCase, async (c) => {
        await runCase(c);
        return figures.violations === 0;
      }),
      propertyParameters(10_000),
    );
    reportFigures('limits', figures);
    expect(figures.violations).toBe(0);
    // The cases exercised what they should: grants, denies of both limits, refunds, windows that slid.
    expect(figures.deniedBudget).toBeGreaterThan(100);
    expect(figures.deniedSlots).toBeGreaterThan(100);
    expect(figures.refunded).toBeGreaterThan(100);
    expect(figures.windowExpiries).toBeGreaterThan(100);
  });

  it('negative control: a store that never releases is caught', async () => {
    const caught = { cases: 0, failing: 0 };
    await fc.assert(
      fc.asyncProperty(limitCase, async (c) => {
        const before = figures.violations;
        await runCase(c, LeakyStore);
        caught.cases++;
        if (figures.violations > before) caught.failing++;
        figures.violations = before;
      }),
      propertyParameters(300),
    );
    expect(caught.failing).toBeGreaterThan(caught.cases / 10);
  });
});

/*
 * Misuse: a limit a policy builds from hostile values (a cost or max from the arguments, a key from a tenant
 * id, a window from configuration). Whatever is wrong with it, the call is denied before its body runs, with
 * the reason naming the field, and nothing is reserved: never an allow, never an unmetered call.
 */
const WINDOW_SHAPE = /^[1-9][0-9]{0,9}(ms|s|m|h|d)$/;
const misuse: fc.Arbitrary<{ readonly what: string; readonly init: Record<string, unknown> }> = fc.oneof(
  fc
    .oneof(
      fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '5', null),
    )
    .map((cost) => ({ what: 'cost', init: { key: 'k', kind: 'sum', cost, max: 100, per: '1h' } })),
  fc
    .oneof(fc.double({ max: 0, noNaN: true }), fc.constantFrom(0, -0, Number.NaN, Number.POSITIVE_INFINITY, 0.5, '10'))
    .map((max) => ({ what: 'max', init: { key: 'k', max, per: '1h' } })),
  fc
    .oneof(
      fc.string({ minLength: LIMIT_KEY_MAX_LENGTH + 1, maxLength: 2_000 }),
      fc.constantFrom(''),
      fc
        .tuple(fc.string(), fc.constantFrom('\n', '\u0000', '\u001b', '\u2028', '\u0085'), fc.string())
        .map((parts) => parts.join('')),
    )
    .filter((key) => key.length <= 2_000)
    .map((key) => ({ what: 'key', init: { key, max: 10, per: '1h' } })),
  fc
    .oneof(
      fc.string({ maxLength: 12 }).filter((per) => !WINDOW_SHAPE.test(per)),
      fc.constantFrom('1 hour', '1w', '0s', '1.5h', '367d', '1H', ' 1h', '-1h', 0, -5, 1.5, Number.NaN),
    )
    .map((per) => ({ what: 'per', init: { key: 'k', max: 10, per } })),
);

class Misused {
  @Capability({ name: 'misused_sync' })
  run(): string {
    ran++;
    return 'ran';
  }

  @Capability({ name: 'misused_async' })
  async runAsync(): Promise<string> {
    ran++;
    return 'ran';
  }
}
let ran = 0;

describe('limits a policy gets wrong', () => {
  it('a negative or NaN cost, a bad max, an over-long or control-character key, an unknown window: denied, never an allow', async () => {
    const tally = { cases: 0, cost: 0, max: 0, key: 0, per: 0 };
    await fc.assert(
      fc.asyncProperty(misuse, async ({ what, init }) => {
        tally.cases++;
        tally[what as 'cost']++;
        // Made directly: INVALID_ARGUMENT naming the field.
        let thrown: unknown;
        try {
          Decision.allow().withLimits(init as never);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(BraneError);
        expect((thrown as BraneError).code).toBe('INVALID_ARGUMENT');
        expect((thrown as BraneError).message).toContain(`\`${what}\``);
        // Made by a policy: the call is denied before its body runs, and nothing is reserved.
        const store = new InMemoryLimitStore();
        const runtime = new Runtime({ limits: store });
        runtime.beforeCapability(['misused_sync', 'misused_async'], { name: 'misuse' }, () =>
          Decision.allow().withLimits(init as never),
        );
        const agent = runtime.govern(new Misused());
        ran = 0;
        expect(() => agent.run()).toThrow(CapabilityDeniedError);
        await expect(agent.runAsync()).rejects.toThrow(CapabilityDeniedError);
        try {
          agent.run();
        } catch (error) {
          expect((error as CapabilityDeniedError).message).toContain(`\`${what}\``);
        }
        expect(ran).toBe(0);
        if (typeof init['key'] === 'string') expect(store.usage(init['key'])).toBeUndefined();
      }),
      propertyParameters(2_000),
    );
    reportFigures('limit misuse', tally);
    for (const what of ['cost', 'max', 'key', 'per'] as const) expect(tally[what]).toBeGreaterThan(tally.cases / 10);
  });
});
