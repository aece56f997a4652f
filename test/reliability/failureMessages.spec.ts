import fc from 'fast-check';
import { Decision } from '@brane/decisions';
import { Capability, Runtime } from '@brane/core';
import { BraneError, CapabilityDeniedError } from '@brane/errors';
import type { PolicyContext } from '@brane/policy-engine';
import { propertyParameters } from './propertyRuns.js';

/**
 * The root reason of a policy failure is in the message a developer reads first: a `BraneError` a policy
 * throws (any message: huge, control characters, line separators) is quoted on one bounded, escaped line of
 * the `CapabilityDeniedError`'s message; any other error is named by its class only (its message may quote a
 * secret, see secrets.spec.ts); the `reason` (what the agent and HTTP answers see) stays the generic deny.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

class Agent {
  @Capability({ name: 'refund_customer' })
  refund(customerId: string, amountUsd: number): string {
    return `${customerId}:${amountUsd}`;
  }
}

describe('a policy failure says its root reason in the error message', () => {
  it("quotes a Brane error's message on one bounded line, never another error's, and keeps `reason` generic", () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 5000 }), fc.boolean(), (message, brane) => {
        const runtime = new Runtime();
        runtime.beforeCapability('refund_customer', { name: 'thrower' }, () => {
          throw brane ? new BraneError('INVALID_ARGUMENT', message) : new TypeError(message);
        });
        const agent = runtime.govern(new Agent());
        let error: unknown;
        try {
          agent.refund('c1', 1);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(CapabilityDeniedError);
        const denied = error as CapabilityDeniedError;
        expect(denied.reason).toBe('Policy `thrower` failed (POLICY_ERROR), so the action is denied');
        expect(denied.message).not.toMatch(UNPRINTABLE);
        expect(denied.message.length).toBeLessThanOrEqual(3 * 2_100);
        const printable = message.slice(0, 100);
        if (brane) {
          expect(denied.message).toContain('Policy `thrower` threw or rejected: BraneError (INVALID_ARGUMENT): ');
          if (!UNPRINTABLE.test(printable)) expect(denied.message).toContain(printable);
        } else {
          expect(denied.message).toContain('Policy `thrower` threw or rejected: TypeError; it is `error.cause.cause`');
          // What a policy threw may quote a secret: only Brane's own messages reach the caller's error.
          if (message.length >= 12) expect(denied.message).not.toContain(message);
        }
      }),
      propertyParameters(300),
    );
  });

  it('names a missing argument, not two causes deep', () => {
    const runtime = new Runtime();
    runtime.beforeCapability('refund_customer', { name: 'limit' }, (ctx: PolicyContext) =>
      ctx.arg<number>('amount', 0) > 100 ? Decision.deny('over') : Decision.allow(),
    );
    const agent = runtime.govern(new Agent());
    expect(() => agent.refund('c1', 349)).toThrow(/has no argument .amount.*its arguments: customerId, amountUsd/);
  });
});
