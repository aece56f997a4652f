import { Decision } from '@brane/decisions';
import { CapabilityDeniedError, PolicyEvaluationError } from '@brane/errors';
import { Capability, Runtime } from '@brane/core';
import type { PolicyFunction } from '@brane/policy-engine';

class Vault {
  opened = 0;

  @Capability({ name: 'open_vault', risk: 'critical' })
  async open(): Promise<string> {
    this.opened += 1;
    return 'gold';
  }

  @Capability({ name: 'peek_vault' })
  peek(): string {
    this.opened += 1;
    return 'gold';
  }
}

function vaultWith(policy: PolicyFunction, options: { timeoutMs?: number; policyTimeoutMs?: number } = {}) {
  const runtime = new Runtime(
    options.policyTimeoutMs === undefined ? {} : { policyTimeoutMs: options.policyTimeoutMs },
  );
  runtime.beforeCapability(
    ['open_vault', 'peek_vault'],
    { name: 'guard', version: '3', ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }) },
    policy,
  );
  return runtime.govern(new Vault());
}

async function denial(vault: Vault): Promise<CapabilityDeniedError> {
  const error = await vault.open().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CapabilityDeniedError);
  expect(vault.opened).toBe(0);
  return error as CapabilityDeniedError;
}

describe('a policy that fails denies the action (fail closed)', () => {
  it('throws: the cause carries the original error', async () => {
    const original = new Error('database down');
    const error = await denial(
      vaultWith(() => {
        throw original;
      }),
    );
    expect(error).toMatchObject({ policyName: 'guard', policyVersion: '3' });
    expect(error.reason).toBe('Policy `guard` failed (POLICY_ERROR), so the action is denied');
    expect(error.reason).not.toContain('database down');
    expect(error.cause).toBeInstanceOf(PolicyEvaluationError);
    expect(error.cause).toMatchObject({ code: 'POLICY_ERROR', policyName: 'guard', cause: original });
  });

  it('rejects', async () => {
    const error = await denial(vaultWith(async () => Promise.reject(new Error('nope'))));
    expect(error.cause).toMatchObject({ code: 'POLICY_ERROR' });
  });

  it('never settles: denied after the policy timeout', async () => {
    const started = Date.now();
    const error = await denial(vaultWith(() => new Promise<Decision>(() => undefined), { timeoutMs: 30 }));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(25);
    expect(elapsed).toBeLessThan(30 + 500);
    expect(error.cause).toMatchObject({ code: 'POLICY_TIMEOUT' });
    expect((error.cause as Error).message).toMatch(/did not settle within 30 ms/);
  });

  it("never settles: the runtime's policyTimeoutMs applies when the policy sets none", async () => {
    const error = await denial(vaultWith(() => new Promise<Decision>(() => undefined), { policyTimeoutMs: 20 }));
    expect((error.cause as Error).message).toMatch(/within 20 ms/);
  });

  it.each([
    ['undefined', undefined],
    ['the string allow', 'allow'],
    ['an empty object', {}],
    [
      'an object shaped like a Decision',
      { type: 'allow', allowed: true, denied: false, reason: undefined, decisionId: 'x' },
    ],
    ['null', null],
    ['true', true],
  ])('returns %s: INVALID_DECISION', async (_label, junk) => {
    const error = await denial(vaultWith(() => junk as Decision));
    expect(error.cause).toMatchObject({ code: 'INVALID_DECISION' });
    expect((error.cause as Error).message).toMatch(/not a Decision/);
  });

  it('resolves to junk: INVALID_DECISION', async () => {
    const error = await denial(vaultWith(async () => ({ type: 'allow' }) as unknown as Decision));
    expect(error.cause).toMatchObject({ code: 'INVALID_DECISION' });
  });

  it('returns a forged Decision of a type the runtime does not know: a deny', async () => {
    const forged = Object.assign(Object.create(Decision.prototype) as Decision, { type: 'escalate', metadata: {} });
    const error = await denial(vaultWith(() => forged));
    expect(error.cause).toMatchObject({ code: 'POLICY_ERROR' });
    expect(error.decision.type).toBe('deny');
  });

  it('fails in a synchronous capability: thrown synchronously', () => {
    const vault = vaultWith(() => {
      throw new Error('sync boom');
    });
    expect(() => vault.peek()).toThrow(
      expect.objectContaining({ cause: expect.objectContaining({ code: 'POLICY_ERROR' }) as unknown }) as Error,
    );
    expect(vault.opened).toBe(0);
  });

  it('a policy asking for an argument the capability does not declare fails closed', () => {
    class Refunds {
      @Capability({ name: 'refund' })
      refund(amountUsd: number): number {
        return amountUsd;
      }
    }
    const runtime = new Runtime();
    runtime.beforeCapability('refund', { name: 'typo' }, (ctx) =>
      ctx.arg<number>('amount_usd', 0) > 100 ? Decision.deny('too much') : Decision.allow(),
    );
    expect(() => runtime.govern(new Refunds()).refund(500)).toThrow(
      expect.objectContaining({
        cause: expect.objectContaining({
          code: 'POLICY_ERROR',
          cause: expect.objectContaining({ code: 'UNKNOWN_ARGUMENT' }) as unknown,
        }) as unknown,
      }) as Error,
    );
  });
});
