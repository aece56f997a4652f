import '@brane/sdk/jest';
import { Runtime } from '@brane/sdk';
import { createPolicyContext } from '@brane/sdk/testing';
import { CUSTOMER_EMAIL_PATHS, PiiPolicies } from '../src/PiiPolicies.js';
import { sampleCustomers } from '../src/sampleCustomers.js';
import { SupportAgent } from '../src/SupportAgent.js';

const policies = new PiiPolicies(new Set(['user_sam']));
const lookup = SupportAgent.prototype.lookupCustomer;
const ada = sampleCustomers[0];
const after = { stage: 'after', output: ada, environment: 'prod', tenantId: 'tenant_acme' } as const;

describe('mask_customer_emails', () => {
  it.each([
    [[], true],
    [['crm:read'], true],
    [['pii:write'], true],
    [['pii:read:own'], true], // a narrower scope does not grant the broader one
    [['crm:*'], true],
    [['pii:read'], false],
    [['crm:read', 'pii:read'], false],
    [['pii:*'], false],
    [['*'], false],
  ])('with scopes %j masks emails: %s', (scopes, masked) => {
    const decision = policies.maskEmails(createPolicyContext(lookup, ['cust_ada'], { ...after, scopes }));
    if (!masked) {
      expect(decision).toAllow();
      return;
    }
    expect(decision).toHaveDecisionType('redact');
    expect(decision.reason).toBe('Emails are masked without the pii:read scope');
    expect(decision.mutations?.redact).toStrictEqual(
      CUSTOMER_EMAIL_PATHS.map((path) => ({ path, action: 'mask', mask: '[REDACTED]' })),
    );
  });

  it('masks whoever the principal is: the scope decides, not the person', () => {
    const ctx = createPolicyContext(lookup, ['cust_ada'], { ...after, principalId: 'user_sam', scopes: ['crm:read'] });
    expect(policies.maskEmails(ctx)).toHaveDecisionType('redact');
  });
});

describe('supervisor_only_notes', () => {
  it.each([
    ['user_sam', false],
    ['user_lee', true],
    ['USER_SAM', true], // principal ids are compared exactly
    ['user_sam_2', true],
    [undefined, true], // no principal: nobody vouches for the caller
  ])('for principal %s removes the notes: %s', (principalId, removed) => {
    const identity = principalId === undefined ? {} : { principalId };
    const decision = policies.removeInternalNotes(
      createPolicyContext(lookup, ['cust_ada'], { ...after, ...identity, scopes: ['pii:read'] }),
    );
    if (!removed) {
      expect(decision).toAllow();
      return;
    }
    expect(decision).toHaveDecisionType('redact');
    expect(decision.reason).toBe('Internal notes are for support supervisors only');
    expect(decision.mutations?.redact).toEqual([{ path: 'internalNotes', action: 'remove' }]);
  });
});

describe('PiiPolicies', () => {
  it('registers both policies at the after stage of lookup_customer', () => {
    const runtime = new Runtime();
    runtime.use(policies);
    expect(runtime.policies.map(({ name, stage, targets }) => ({ name, stage, targets }))).toStrictEqual([
      { name: 'mask_customer_emails', stage: 'after', targets: ['lookup_customer'] },
      { name: 'supervisor_only_notes', stage: 'after', targets: ['lookup_customer'] },
    ]);
  });
});
