import fc from 'fast-check';
import { Capability, Runtime, type ContextOverrides } from '@brane/core';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * `withContext` never falls back for a field it names. For any runtime identity, any stack of nested frames
 * (each naming any subset of the identity fields, with a value or with `undefined`, as a plain object or
 * another shape), and many such requests interleaved across timers and awaits, every action runs under
 * exactly the identity the frames describe: a named field is the innermost frame's value, cleared when that
 * value is `undefined`; an unnamed field comes from the next frame out, then the runtime. The built-in
 * scope check passes only on the scopes the frames left.
 */

const FIELDS = ['tenantId', 'principalId', 'scopes', 'traceId'] as const;
type Field = (typeof FIELDS)[number];

interface Expected {
  tenantId: string | undefined;
  principalId: string | undefined;
  scopes: readonly string[];
  traceId: string | undefined;
}

/** How a frame hands its overrides over: the documented plain object, or shapes that take the schema path. */
const SHAPES = ['plain', 'class-instance', 'null-prototype', 'spread-of-request'] as const;
type Shape = (typeof SHAPES)[number];

interface Frame {
  readonly named: Partial<Record<Field, string | readonly string[] | undefined>>;
  readonly shape: Shape;
}

const id = (prefix: string) => fc.integer({ min: 0, max: 4 }).map((n) => `${prefix}_${n}`);
const scopes = fc.subarray(['refunds:create', 'refunds:*', 'crm:read', '*']);
const valueOf: Record<Field, fc.Arbitrary<string | readonly string[]>> = {
  tenantId: id('tenant'),
  principalId: id('user'),
  scopes,
  traceId: id('trace'),
};

const frameArb: fc.Arbitrary<Frame> = fc.record({
  named: fc
    .subarray([...FIELDS])
    .chain((fields) =>
      fc
        .tuple(...fields.map((field) => fc.option(valueOf[field], { nil: undefined, freq: 2 })))
        .map((values) => Object.fromEntries(fields.map((field, i) => [field, values[i]]))),
    ),
  shape: fc.constantFrom(...SHAPES),
});

class Overrides {
  constructor(entries: object) {
    Object.assign(this, entries);
  }
}

/** The overrides object a frame passes, in its shape; every shape names exactly the frame's fields. */
function overridesOf(frame: Frame): ContextOverrides {
  switch (frame.shape) {
    case 'plain':
      return { ...frame.named } as ContextOverrides;
    case 'class-instance':
      return new Overrides(frame.named);
    case 'null-prototype':
      return Object.assign(Object.create(null), frame.named) as ContextOverrides;
    case 'spread-of-request': {
      // As `{ tenantId: req.tenant, ... }`: each field read off a request that lacks the cleared ones.
      const request: Record<string, unknown> = Object.fromEntries(
        Object.entries(frame.named).filter(([, value]) => value !== undefined),
      );
      return Object.fromEntries(Object.keys(frame.named).map((key) => [key, request[key]]));
    }
  }
}

function expectedAfter(base: Expected, frames: readonly Frame[]): Expected {
  let identity = base;
  for (const frame of frames) {
    const next = { ...identity };
    for (const [field, value] of Object.entries(frame.named) as [Field, unknown][]) {
      if (field === 'scopes') next.scopes = (value as readonly string[] | undefined) ?? [];
      else next[field] = value as string | undefined;
    }
    identity = next;
  }
  return identity;
}

const grants = (held: readonly string[]): boolean =>
  held.some((scope) => scope === '*' || scope === 'refunds:*' || scope === 'refunds:create');

class Refunds {
  @Capability({ name: 'refund_scoped_identity', scopes: ['refunds:create'] })
  async refund(request: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, request % 3));
    return request;
  }
}

const runtimeIdentity = fc.record({
  tenantId: fc.option(id('service_tenant'), { nil: undefined }),
  principalId: fc.option(id('service_user'), { nil: undefined }),
  scopes: scopes,
});

const request = fc.record({
  frames: fc.array(frameArb, { minLength: 1, maxLength: 4 }),
  delays: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }),
});

jest.setTimeout(10 * 60_000);

describe('withContext never falls back for a field it names', () => {
  it('every identity field, nested frames and concurrent requests', async () => {
    const figures = { cases: 0, requests: 0, cleared: 0, denied: 0, allowed: 0, wrong: 0 };
    await fc.assert(
      fc.asyncProperty(runtimeIdentity, fc.array(request, { minLength: 1, maxLength: 12 }), async (base, requests) => {
        figures.cases += 1;
        const runtime = new Runtime({ ...base, agentId: 'agent' });
        const seen = new Map<number, Expected>();
        runtime.beforeCapability('refund_scoped_identity', { name: 'observe' }, (ctx) => {
          const { tenantId, principalId, scopes: held, traceId } = ctx.action;
          seen.set(ctx.arg<number>('request', -1), { tenantId, principalId, scopes: [...held], traceId });
          return Decision.allow();
        });
        const refunds = runtime.govern(new Refunds());
        const origin: Expected = { ...base, traceId: undefined };

        const run = async (
          index: number,
          frames: readonly Frame[],
          delays: readonly number[],
          depth = 0,
        ): Promise<number> => {
          const frame = frames[depth];
          if (frame === undefined) return refunds.refund(index);
          return runtime.withContext(overridesOf(frame), async (): Promise<number> => {
            await new Promise((resolve) => setTimeout(resolve, delays[depth] ?? 0));
            return run(index, frames, delays, depth + 1);
          });
        };
        const outcomes = await Promise.allSettled(requests.map((r, i) => run(i, r.frames, r.delays)));

        for (const [i, { frames }] of requests.entries()) {
          figures.requests += 1;
          const expected = expectedAfter(origin, frames);
          figures.cleared += frames.some((f) => Object.values(f.named).includes(undefined)) ? 1 : 0;
          const outcome = outcomes[i]!;
          if (!grants(expected.scopes)) {
            figures.denied += 1;
            const denied =
              outcome.status === 'rejected' &&
              outcome.reason instanceof CapabilityDeniedError &&
              outcome.reason.policyName === 'brane.required_scopes';
            if (!denied || seen.has(i)) figures.wrong += 1;
            expect(denied).toBe(true);
            continue;
          }
          figures.allowed += 1;
          expect(outcome).toEqual({ status: 'fulfilled', value: i });
          const observed = seen.get(i);
          const { traceId, ...rest } = expected;
          if (observed === undefined) throw new Error(`request ${i} was not observed`);
          const { traceId: observedTrace, ...observedRest } = observed;
          if (JSON.stringify(observedRest) !== JSON.stringify(rest)) figures.wrong += 1;
          expect(observedRest).toEqual(rest);
          // A named undefined trace means a new trace: an id of its own, never an enclosing frame's.
          if (traceId === undefined) expect(observedTrace).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
          else expect(observedTrace).toBe(traceId);
        }
      }),
      propertyParameters(300),
    );
    reportFigures('identity fall-back', figures);
    expect(figures.wrong).toBe(0);
    // Asserts no time: the cases only need to finish, also on a loaded machine.
  }, 120_000);
});
