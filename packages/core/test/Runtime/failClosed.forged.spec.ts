import { Decision } from '@brane/decisions';
import { CapabilityDeniedError, PolicyEvaluationError } from '@brane/errors';
import { Capability, Runtime } from '@brane/core';

// The counterexamples test/reliability/failClosed.spec.ts found: each policy below ran the capability.

class Vault {
  opened = 0;

  @Capability({ name: 'open_vault' })
  async open(): Promise<string> {
    this.opened += 1;
    return 'gold';
  }
}

function vaultGuardedBy(policy: () => unknown): Vault {
  const runtime = new Runtime();
  runtime.beforeCapability('open_vault', { name: 'guard' }, policy as () => Decision);
  return runtime.govern(new Vault());
}

describe('fail closed: forged and self-contradicting decisions deny', () => {
  it('a policy resolving to a forged Decision of type allow (made on its prototype) is a policy error', async () => {
    const forged = Object.assign(Object.create(Decision.prototype) as Decision, { type: 'allow', metadata: {} });
    const vault = vaultGuardedBy(async () => forged);

    const error = await vault.open().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CapabilityDeniedError);
    expect((error as CapabilityDeniedError).cause).toBeInstanceOf(PolicyEvaluationError);
    expect((error as CapabilityDeniedError).cause).toMatchObject({ code: 'POLICY_ERROR', policyName: 'guard' });
    expect((error as CapabilityDeniedError).message).toContain(
      'Policy `guard` returned an object that passes `instanceof Decision` but was not made by the Decision constructor',
    );
    expect((error as CapabilityDeniedError).message).not.toContain('threw');
    expect(vault.opened).toBe(0);
  });

  it('a policy returning a real deny whose effects allow is denied as a decision that cannot be honoured', async () => {
    const vault = vaultGuardedBy(() => new Decision({ type: 'deny', reason: 'no', effects: [Decision.allow()] }));

    const error = await vault.open().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CapabilityDeniedError);
    expect((error as CapabilityDeniedError).reason).toBe(
      'Policy `guard` returned deny, which cannot be honoured: its effects compose to `allow`, not `deny`',
    );
    expect(vault.opened).toBe(0);
  });
});
