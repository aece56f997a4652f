import fc from 'fast-check';
import { BraneError } from '@brane/errors';
import { governTools } from '../../packages/ai-sdk/src/index.js';
import { refundFixture } from '../../packages/ai-sdk/test/support/refundFixture.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * The SDK calls a governed tool's `execute` and `needsApproval` with its tool call options; app code and tests
 * call them directly, with whatever they have. The class of bug: options that are not an object (or an object
 * without `messages`) failed on a property read deep inside (`Cannot read properties of undefined`), a
 * `TypeError` naming nothing. For any second argument, each hook either refuses with a `BraneError`
 * (`INVALID_ARGUMENT`) before any policy or the tool runs, or governs the call as usual: an allowed refund runs
 * once, and a refund that needs approval is reported as such.
 */

const notOptions = fc.oneof(
  fc.constantFrom(undefined, null, true, 0, 'call_1'),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.string(),
  fc.integer(),
);
const options = fc.record(
  { toolCallId: fc.string({ minLength: 1, maxLength: 8 }), messages: fc.constant([]) },
  { requiredKeys: [] },
);

describe('@brane/ai-sdk: the tool call options of a governed tool', () => {
  it('refuses what is not options with a typed error, and governs a call with options as usual', async () => {
    const figures = { refused: 0, governed: 0 };
    await fc.assert(
      fc.asyncProperty(fc.oneof(notOptions, options), fc.boolean(), async (given, large) => {
        const { runtime, tools, refunds } = refundFixture();
        const refund = governTools(runtime, tools).refund as unknown as {
          execute: (input: unknown, options: unknown) => Promise<unknown>;
          needsApproval: (input: unknown, options: unknown) => Promise<boolean>;
        };
        const input = { customerId: 'cust_1', amountUsd: large ? 250 : 40 };
        const isOptions = typeof given === 'object' && given !== null && !Array.isArray(given);
        const outcomes = await Promise.allSettled([refund.needsApproval(input, given), refund.execute(input, given)]);
        if (!isOptions) {
          figures.refused++;
          for (const outcome of outcomes) {
            expect(outcome.status).toBe('rejected');
            const reason = (outcome as PromiseRejectedResult).reason as unknown;
            expect(reason).toBeInstanceOf(BraneError);
            expect(reason).toMatchObject({ code: 'INVALID_ARGUMENT' });
          }
          expect(refunds).toStrictEqual([]);
          return;
        }
        figures.governed++;
        expect(outcomes.map((outcome) => outcome.status)).toStrictEqual(['fulfilled', 'fulfilled']);
        expect((outcomes[0] as PromiseFulfilledResult<boolean>).value).toBe(large);
        expect(refunds).toStrictEqual(large ? [] : [input]);
      }),
      propertyParameters(200),
    );
    reportFigures('tool call options', figures);
  });
});
