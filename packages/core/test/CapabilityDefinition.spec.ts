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
      produces: [],
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
      keys: undefined,
      stream: false,
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

  it('takes the keys of a destructured object, any key for a rest pattern, or the `keys` option', () => {
    expect(defineCapability({ name: 'x' }, ({ q, n = 1 }: { q: string; n?: number }) => [q, n], 'here').keys).toEqual([
      'q',
      'n',
    ]);
    expect(defineCapability({ name: 'x' }, ({ ...input }: object) => input, 'here').keys).toBeUndefined();
    const open = ({ ...input }: object) => input;
    expect(defineCapability({ name: 'x', keys: ['path'] }, open, 'here')).toMatchObject({
      params: undefined,
      keys: ['path'],
    });
    expect(defineCapability({ name: 'x', keys: ['a'] }, open.bind(null), 'here').keys).toEqual(['a']);
    expect(defineCapability({ name: 'x', keys: [] }, undefined, 'here').keys).toEqual([]);
    expect(defineCapability({ name: 'x', params: ['a'] }, (a: number) => a, 'here').keys).toBeUndefined();
  });

  it.each<[string, object, ((...args: never[]) => unknown) | undefined, RegExp]>([
    ['`keys` with `params`', { params: ['a'], keys: ['a'] }, undefined, /give `params` .* or `keys` .*, not both/],
    [
      '`keys` on positional arguments',
      { keys: ['a'] },
      (a: number) => a,
      /takes positional arguments \(a\); use `params`/,
    ],
    [
      '`keys` leaving out a key of the pattern',
      { keys: ['q'] },
      ({ q, n }: { q: string; n: number }) => [q, n],
      /leaves out `n`/,
    ],
    ['a repeated key', { keys: ['a', 'a'] }, undefined, /must not repeat a key/],
    ['a `__proto__` key', { keys: ['__proto__'] }, undefined, /must not name `__proto__`/],
  ])('refuses %s with a ConfigurationError', (_label, options, fn, message) => {
    expect(() => defineCapability({ name: 'x', ...options }, fn, 'here')).toThrow(message);
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
