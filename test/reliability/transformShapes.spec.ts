import fc from 'fast-check';
import { Capability, Runtime } from '@brane/core';
import { Decision, type Transform } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import { propertyParametersWith, reportFigures } from './propertyRuns.js';

/**
 * Security review, finding 11: a `transform_input` naming an argument the capability lacks is a deny, for every
 * shape a capability can have. For any shape (positional parameters, a destructured object with or without
 * defaults, `params` on rest parameters or a bound function, a `...rest` pattern, the `keys` option as a list
 * or a function, as a governed function or a class method, sync or async), any call, and one or two transforms
 * (patch or replace) naming any set of names (the arguments, prototype names, near misses, random strings),
 * the body runs only when every name is one the capability takes, and then with exactly the transformed values.
 */

const NAMES = ['amount', 'customerId', 'note'] as const;
type Received = Record<string, unknown>;
type Record_ = (received: Received) => void;

/** The defaults of the shape with defaults (`amount = 0`, `note = ''`), applied where the value is `undefined`. */
const DEFAULTS: Readonly<Record<string, unknown>> = { amount: 0, note: '' };

interface Shape {
  readonly label: string;
  /** `positional`: called with values in NAMES order; `object`: with one object. */
  readonly call: 'positional' | 'object';
  /** The names a transform may use; `any` for a capability that takes any key. */
  readonly takes: readonly string[] | 'any';
  /** What the body sees: only NAMES (a closed pattern, positional), or the whole object (`...rest`). */
  readonly sees: 'names' | 'whole';
  readonly defaults?: boolean;
  readonly sync?: boolean;
  readonly make: (runtime: Runtime, name: string, record: Record_) => (...args: never[]) => unknown;
}

const zip = (args: readonly unknown[]): Received => Object.fromEntries(NAMES.map((name, i) => [name, args[i]]));

class Methods {
  constructor(private readonly record: Record_) {}

  @Capability({ name: 'transform_shape_positional_method' })
  positional(amount?: unknown, customerId?: unknown, note?: unknown): string {
    this.record({ amount, customerId, note });
    return 'ran';
  }

  @Capability({ name: 'transform_shape_object_method' })
  async object({ amount, customerId, note }: Received): Promise<string> {
    this.record({ amount, customerId, note });
    return 'ran';
  }
}

const SHAPES: readonly Shape[] = [
  {
    label: 'positional parameters',
    call: 'positional',
    takes: NAMES,
    sees: 'names',
    make: (runtime, name, record) =>
      runtime.capability({ name }, async (amount?: unknown, customerId?: unknown, note?: unknown) => {
        record({ amount, customerId, note });
        return 'ran';
      }),
  },
  {
    label: 'positional parameters, sync method',
    call: 'positional',
    takes: NAMES,
    sees: 'names',
    sync: true,
    make: (runtime, _name, record) => {
      const methods = runtime.govern(new Methods(record));
      return (...args: unknown[]) => methods.positional(...args);
    },
  },
  {
    label: 'one destructured object',
    call: 'object',
    takes: NAMES,
    sees: 'names',
    make: (runtime, name, record) =>
      runtime.capability({ name }, async ({ amount, customerId, note }: Received) => {
        record({ amount, customerId, note });
        return 'ran';
      }),
  },
  {
    label: 'one destructured object with defaults and a renamed key',
    call: 'object',
    takes: NAMES,
    sees: 'names',
    defaults: true,
    make: (runtime, name, record) =>
      runtime.capability({ name }, async ({ amount: value = 0, customerId, note = '' }: Received) => {
        record({ amount: value, customerId, note });
        return 'ran';
      }),
  },
  {
    label: 'one destructured object, method',
    call: 'object',
    takes: NAMES,
    sees: 'names',
    make: (runtime, _name, record) => {
      const methods = runtime.govern(new Methods(record));
      return (input: Received) => methods.object(input);
    },
  },
  {
    label: '`params` on rest parameters',
    call: 'positional',
    takes: NAMES,
    sees: 'names',
    make: (runtime, name, record) =>
      runtime.capability({ name, params: [...NAMES] }, async (...args: unknown[]) => {
        record(zip(args));
        return 'ran';
      }),
  },
  {
    label: '`params` on a bound function (names unreadable)',
    call: 'positional',
    takes: NAMES,
    sees: 'names',
    make: (runtime, name, record) => {
      const body = async function (this: unknown, ...args: unknown[]): Promise<string> {
        record(zip(args));
        return 'ran';
      };
      return runtime.capability({ name, params: [...NAMES], async: true }, body.bind(null));
    },
  },
  {
    label: 'a `...rest` pattern (any key)',
    call: 'object',
    takes: 'any',
    sees: 'whole',
    make: (runtime, name, record) =>
      runtime.capability({ name }, async ({ ...input }: Received) => {
        record(input);
        return 'ran';
      }),
  },
  {
    label: '`keys` on a `...rest` pattern',
    call: 'object',
    takes: NAMES,
    sees: 'whole',
    make: (runtime, name, record) =>
      runtime.capability({ name, keys: [...NAMES] }, async ({ ...input }: Received) => {
        record(input);
        return 'ran';
      }),
  },
  {
    label: '`keys` as a function',
    call: 'object',
    takes: NAMES,
    sees: 'whole',
    make: (runtime, name, record) =>
      runtime.capability({ name, keys: () => [...NAMES] }, async ({ ...input }: Received) => {
        record(input);
        return 'ran';
      }),
  },
];

/** Names a transform may use: the arguments, prototype members, near misses, and random strings. */
const nameArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...NAMES) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'nope',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      '__proto__',
      'Amount',
      'amount ',
      '',
      '0',
      'query',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const valueArb = fc.oneof(
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('x', 'y'), fc.integer(), { maxKeys: 2 }),
);
/**
 * The changes of a transform, each an own key: `__proto__` too, as JSON.parse makes it (assignment would set the
 * prototype).
 */
function changesOf(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    Object.defineProperty(changes, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return changes;
}
const changesArb = fc
  .uniqueArray(fc.tuple(nameArb, valueArb), { maxLength: 4, selector: ([name]) => name })
  .map(changesOf);
const transformArb: fc.Arbitrary<Transform> = fc.oneof(
  changesArb.map((patch) => ({ patch })),
  changesArb.map((replace) => ({ replace })),
);
const caseArb = fc.record({
  shape: fc.constantFrom(...SHAPES),
  given: fc.array(valueArb, { maxLength: 3 }),
  transforms: fc.array(transformArb, { minLength: 1, maxLength: 2 }),
});
type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/**
 * Cases that always run first: for each shape, a call a transform rewrites and runs, and one a transform makes a
 * deny (a name the shape lacks; for the `...rest` shape, which takes any key, an own `__proto__`). The draws
 * deny a `...rest` call only when a transform names `__proto__`: about 9 of 1,000 cases, so about one run in
 * 5,000 would draw none and fail the check on `byShape` below without a fault.
 */
const SHAPE_EXAMPLES: [Case][] = SHAPES.flatMap((shape): [Case][] => [
  [{ shape, given: [250, 'cust_1', 'refund'], transforms: [{ patch: changesOf([['amount', 25]]) }] }],
  [
    {
      shape,
      given: [250, 'cust_1'],
      transforms: [
        { patch: changesOf([['note', 'rewritten']]) },
        { replace: changesOf([shape.takes === 'any' ? ['__proto__', { admin: true }] : ['query', 'drop']]) },
      ],
    },
  ],
]);

/** Whether a transform may run on a capability that takes `takes`: every name one it takes, none `__proto__`. */
function allowed(takes: Shape['takes'], transform: Transform): boolean {
  const names = Object.keys(transform.patch ?? transform.replace ?? {});
  return names.every((name) => name !== '__proto__' && (takes === 'any' || takes.includes(name)));
}

/** What the body receives after `transforms`, as the model of the README says. */
function expected(shape: Shape, input: Received, transforms: readonly Transform[]): Received {
  let current: Received = { ...input };
  for (const transform of transforms) {
    current = transform.replace !== undefined ? { ...transform.replace } : { ...current, ...transform.patch };
  }
  if (shape.sees === 'whole') return current;
  return Object.fromEntries(
    NAMES.map((name) => {
      const value = Object.hasOwn(current, name) ? current[name] : undefined;
      return [name, value === undefined && shape.defaults === true ? DEFAULTS[name] : value];
    }),
  );
}

jest.setTimeout(15 * 60_000);

describe('a transform naming an argument the capability lacks is a deny, for every shape', () => {
  it('the body runs only when every name is an argument, with exactly the transformed values', async () => {
    const figures = {
      cases: 0,
      ran: 0,
      denied: 0,
      byShape: {} as Record<string, { ran: number; denied: number }>,
      wrong: 0,
    };
    let serial = 0;
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ shape, given, transforms }) => {
        figures.cases += 1;
        const runtime = new Runtime();
        const received: Received[] = [];
        const name = `transform_shape_${serial++}`;
        const governed = shape.make(runtime, name, (seen) => received.push(seen));
        const target = shape.label.includes('method')
          ? shape.call === 'positional'
            ? 'transform_shape_positional_method'
            : 'transform_shape_object_method'
          : name;
        transforms.forEach((transform, i) => {
          runtime.beforeCapability(target, { name: `rewrite_${i}`, priority: 10 - i }, () =>
            Decision.transformInput(transform),
          );
        });
        const input: Received = Object.fromEntries(given.map((value, i): [string, unknown] => [NAMES[i] ?? '', value]));
        const args = shape.call === 'positional' ? given : [input];

        let outcome: { ran: true } | { denied: unknown };
        try {
          await (governed as (...values: unknown[]) => unknown)(...args);
          outcome = { ran: true };
        } catch (error) {
          outcome = { denied: error };
        }

        const runs = transforms.every((transform) => allowed(shape.takes, transform));
        const tally = (figures.byShape[shape.label] ??= { ran: 0, denied: 0 });
        if (runs) {
          figures.ran += 1;
          tally.ran += 1;
          const want = expected(shape, input, transforms);
          if (!('ran' in outcome) || received.length !== 1) figures.wrong += 1;
          expect(outcome).toEqual({ ran: true });
          expect(received).toEqual([want]);
        } else {
          figures.denied += 1;
          tally.denied += 1;
          if ('ran' in outcome || received.length !== 0) figures.wrong += 1;
          expect(received).toEqual([]);
          expect('denied' in outcome && outcome.denied instanceof CapabilityDeniedError).toBe(true);
        }
      }),
      propertyParametersWith(1000, SHAPE_EXAMPLES),
    );
    reportFigures('transform shapes', figures);
    expect(figures.wrong).toBe(0);
    // Non-vacuity: every shape both ran transformed calls and denied ones (the `...rest` shape denies only `__proto__`).
    for (const shape of SHAPES) {
      expect(figures.byShape[shape.label]?.ran).toBeGreaterThan(0);
      expect(figures.byShape[shape.label]?.denied).toBeGreaterThan(0);
    }
  });
});
