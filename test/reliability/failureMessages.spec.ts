import fc from 'fast-check';
import { Decision } from '@brane/decisions';
import { Capability, Runtime } from '@brane/core';
import { BraneError, CapabilityDeniedError } from '@brane/errors';
import type { PolicyContext } from '@brane/policy-engine';
import { propertyParameters } from './propertyRuns.js';

/**
 * The root reason of a policy failure is in the message a developer reads first: whatever a policy throws
 * (any message: huge, control characters, line separators), the `CapabilityDeniedError`'s message names it on
 * one bounded line, while its `reason` (what the agent and HTTP answers see) stays the generic deny.
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
  it('names what the policy threw, on one bounded line, and keeps `reason` generic', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 5000 }), fc.boolean(), (message, async) => {
        const runtime = new Runtime();
        runtime.beforeCapability('refund_customer', { name: 'thrower' }, () => {
          if (async) return Promise.reject(new TypeError(message));
          throw new TypeError(message);
        });
        const agent = runtime.govern(new Agent());
        let error: unknown;
        try {
          agent.refund('c1', 1);
        } catch (caught) {
          error = caught;
        }
        if (async) {
          // A synchronous capability cannot wait for a promise: that failure has its own code.
          expect(error).toMatchObject({ code: 'CAPABILITY_DENIED' });
          return;
        }
        expect(error).toBeInstanceOf(CapabilityDeniedError);
        const denied = error as CapabilityDeniedError;
        expect(denied.message).toContain('Policy `thrower` threw or rejected: TypeError: ');
        expect(denied.message).not.toMatch(UNPRINTABLE);
        expect(denied.message.length).toBeLessThanOrEqual(3 * 2_100);
        expect(denied.reason).toBe('Policy `thrower` failed (POLICY_ERROR), so the action is denied');
        const printable = message.slice(0, 100);
        if (!UNPRINTABLE.test(printable)) expect(denied.message).toContain(printable);
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
    expect(() => agent.refund('c1', 349)).toThrow(BraneError);
  });
});
