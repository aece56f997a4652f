import { defineCapability, isCapabilityDefinition } from '@brane/core';

describe('defineCapability', () => {
  it('normalises options with documented defaults', () => {
    const definition = defineCapability(
      {},
      function lookup(id: string) {
        return id;
      },
      'here',
      'lookup',
    );
    expect(definition).toEqual({
      name: 'lookup',
      type: 'tool',
      risk: 'medium',
      effect: undefined,
      sideEffects: [],
      scopes: [],
      dataNamespace: undefined,
      owner: undefined,
      description: undefined,
      metadata: {},
      params: ['id'],
      async: false,
      declaredAt: 'here',
      sandbox: { network: false, filesystem: false },
      routing: undefined,
      durability: undefined,
      sensitive: [],
    });
    expect(Object.isFrozen(definition)).toBe(true);
    expect(isCapabilityDefinition(definition)).toBe(true);
    expect(isCapabilityDefinition({ ...definition })).toBe(false);
  });

  it('keeps every declared field', () => {
    const definition = defineCapability(
      {
        name: 'refund_customer',
        type: 'tool',
        risk: 'high',
        effect: { type: 'financial', external: true, description: 'Issues a payment refund' },
        sideEffects: ['moves_money'],
        scopes: ['refunds:create'],
        dataNamespace: 'billing.refunds',
        owner: 'payments-team',
        description: 'Refunds a customer',
        metadata: { ticket: 'PAY-1' },
      },
      async (customerId: string, amountUsd: number) => [customerId, amountUsd],
      'here',
    );
    expect(definition).toMatchObject({
      effect: { type: 'financial', reversible: false, external: true, description: 'Issues a payment refund' },
      sideEffects: ['moves_money'],
      scopes: ['refunds:create'],
      metadata: { ticket: 'PAY-1' },
      params: ['customerId', 'amountUsd'],
      async: true,
    });
  });

  it('does not share the caller’s arrays or objects', () => {
    const scopes = ['a:b'];
    const metadata = { team: 'x' };
    const definition = defineCapability({ name: 'x', scopes, metadata }, undefined, 'here');
    scopes.push('c:d');
    metadata.team = 'y';
    expect(definition.scopes).toEqual(['a:b']);
    expect(definition.metadata).toEqual({ team: 'x' });
  });

  it('has no argument names without a function or params, and the object kind for one destructured parameter', () => {
    expect(defineCapability({ name: 'x' }, undefined, 'here').params).toBeUndefined();
    expect(defineCapability({ name: 'x' }, ({ q }: { q: string }) => q, 'here').params).toBeUndefined();
    expect(defineCapability({ name: 'x', params: ['a', 'b'] }, undefined, 'here').params).toEqual(['a', 'b']);
  });

  it('accepts explicit params for a function whose own list cannot be read', () => {
    const bound = ((a: number) => a).bind(null);
    expect(defineCapability({ name: 'x', params: ['a'] }, bound, 'here').params).toEqual(['a']);
  });

  it('`async` overrides the detection', () => {
    expect(defineCapability({ name: 'x', async: true }, () => Promise.resolve(1), 'here').async).toBe(true);
    expect(defineCapability({ name: 'x' }, () => Promise.resolve(1), 'here').async).toBe(false);
  });

  it('requires a name when there is no default', () => {
    expect(() => defineCapability({}, undefined, 'here')).toThrow(/here: `name` is required/);
  });
});
