import { CapabilityDeniedError } from '@brane/errors';
import { braneErrorResponse } from '@brane/nestjs';
import fc from 'fast-check';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/*
 * A limit denial over HTTP (issue 16: it was a 403 without `Retry-After`). For any wait a store can report (any
 * double, NaN, infinities, none) and any limit: the answer is 429; `Retry-After` is present exactly when the
 * wait is a positive number no longer than the longest window (366 days), and then it is the wait in whole
 * seconds rounded up (never 0, never a fraction, never before the limit frees); the body names the limit.
 */
/** No store reports a wait longer than its longest window (366 days): such a figure gets no header. */
const LONGEST_WAIT_MS = 366 * 86_400_000;
const retryAfterMs = fc.oneof(
  fc.double({ noNaN: false }),
  fc.integer({ min: -5_000, max: 100_000_000 }),
  fc.double({ min: 0, max: 2 * LONGEST_WAIT_MS, noNaN: true }),
  fc.constantFrom(undefined, 0, -0, 1, 999, 1_000, 1_001, Number.MIN_VALUE, Number.MAX_VALUE),
);
const limit = fc.record({
  key: fc.string({ minLength: 1, maxLength: 40 }),
  kind: fc.constantFrom('count' as const, 'sum' as const, 'concurrent' as const),
  max: fc.integer({ min: 1, max: 1_000_000 }),
  cost: fc.integer({ min: 0, max: 1_000 }),
  remaining: fc.integer({ min: 0, max: 1_000_000 }),
});

describe('a limit denial over HTTP', () => {
  it('is 429 with Retry-After exactly when the wait is positive and within the longest window, in whole seconds rounded up (at least 1)', () => {
    const figures = { cases: 0, withHeader: 0, withoutHeader: 0 };
    fc.assert(
      fc.property(limit, retryAfterMs, (l, wait) => {
        figures.cases++;
        const error = new CapabilityDeniedError({
          decision: { type: 'deny', reason: 'no room', policyName: 'rate' } as never,
          capability: 'send',
          stage: 'before',
          actionId: 'act',
          limit: { ...l, retryAfterMs: wait },
        });
        const { status, headers, body } = braneErrorResponse(error, { maxReasonLength: 100 });
        expect(status).toBe(429);
        expect(body['limit']).toMatchObject({ key: l.key, kind: l.kind, max: l.max, remaining: l.remaining });
        const header = headers['Retry-After'];
        if (wait === undefined || !Number.isFinite(wait) || wait <= 0 || wait > LONGEST_WAIT_MS) {
          figures.withoutHeader++;
          expect(header).toBeUndefined();
          return;
        }
        figures.withHeader++;
        expect(header).toMatch(/^[1-9][0-9]*$/);
        const seconds = Number(header);
        expect(seconds * 1000).toBeGreaterThanOrEqual(wait);
        expect((seconds - 1) * 1000).toBeLessThan(wait);
        expect((body['limit'] as { retryAfterMs: number }).retryAfterMs).toBe(wait);
      }),
      propertyParameters(10_000),
    );
    reportFigures('limit denial over HTTP', figures);
    expect(figures.withHeader).toBeGreaterThan(figures.cases / 10);
    expect(figures.withoutHeader).toBeGreaterThan(figures.cases / 10);
  });
});
