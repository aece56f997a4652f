import { UnauthorizedException } from '@nestjs/common';
import fc from 'fast-check';
import { Runtime } from '@brane/core';
import { propertyParameters } from '../../../test/reliability/propertyRuns';
import { toContextOverrides } from '../src/toContextOverrides';

const runtime = new Runtime({ tenantId: 'tenant_service', principalId: 'svc', scopes: ['*'], agentId: 'agent' });

describe('toContextOverrides', () => {
  it.each([undefined, null])('names every identity field, cleared, for an anonymous request (%p)', (anonymous) => {
    const overrides = toContextOverrides(anonymous);
    expect(Object.keys(overrides).sort()).toEqual(['principalId', 'scopes', 'sessionId', 'tenantId', 'traceId']);
    expect(runtime.withContext(overrides, () => runtime.identity)).toMatchObject({
      tenantId: undefined,
      principalId: undefined,
      scopes: [],
      agentId: 'agent',
    });
  });

  it('sets the session the request names, and clears an enclosing one when it names none', () => {
    const inSession = runtime.withContext(toContextOverrides({ principalId: 'alice', sessionId: 'conv_1' }), () =>
      runtime.withContext(toContextOverrides({ principalId: 'alice' }), () => runtime.identity.sessionId),
    );
    expect(inSession).toBeUndefined();
    expect(runtime.withContext(toContextOverrides({ sessionId: 'conv_1' }), () => runtime.identity.sessionId)).toBe(
      'conv_1',
    );
  });

  it("clears the fields a request leaves out instead of taking the runtime's", () => {
    const identity = runtime.withContext(toContextOverrides({ principalId: 'alice' }), () => runtime.identity);
    expect(identity).toMatchObject({ principalId: 'alice', tenantId: undefined, scopes: [] });
  });

  it.each([
    [{ tenantId: 'tenant a' }, /`tenantId` must be a string/],
    [{ principalId: 42 }, /`principalId` must be a string/],
    [{ principalId: 'x'.repeat(300) }, /`principalId` must be a string of 1 to 256/],
    [{ scopes: 'refunds:create' }, /`scopes` must be an array/],
    [{ scopes: ['refunds create'] }, /`scopes` must hold scopes/],
    [{ scopes: Array.from({ length: 300 }, () => 'a:b') }, /at most 256 scopes/],
    [{ sessionId: 's 1' }, /`sessionId` must be a string/],
    [{ sessionId: 's\u0007' }, /`sessionId` must be a string of 1 to 256 characters without whitespace, control/],
    [{ sessionId: 's\u0085' }, /`sessionId` must be a string/],
    [{ sessionId: 's\uD800' }, /`sessionId` must be a string/],
    [{ sessionId: 's'.repeat(257) }, /`sessionId` must be a string/],
    [{ session: 's1' }, /unknown identity field `session`/],
    ['alice', /identify must return an object/],
  ])('refuses %p with a 401 that names the field', (identity, message) => {
    expect(() => toContextOverrides(identity as never)).toThrow(UnauthorizedException);
    expect(() => toContextOverrides(identity as never)).toThrow(message);
  });

  it('takes a session id exactly when withContext does', () => {
    for (const sessionId of ['conv_1', 'ключ', 's\uD83D\uDE00', 's'.repeat(256)]) {
      const overrides = toContextOverrides({ sessionId });
      expect(runtime.withContext(overrides, () => runtime.identity.sessionId)).toBe(sessionId);
    }
  });

  it('never runs a request as the runtime, and never echoes a hostile value', () => {
    // Every generated string carries a marker, so that an echo of it in a message can be recognised.
    const hostile = fc.string({ maxLength: 300 }).map((text) => `zq${text}`);
    const field = fc.oneof(fc.constant(undefined), fc.constant(null), hostile, fc.integer(), fc.object());
    const identity = fc.record(
      {
        tenantId: field,
        principalId: field,
        traceId: field,
        scopes: fc.oneof(
          field,
          fc.array(fc.oneof(hostile, fc.constantFrom('refunds:create', 'refunds:*', '*')), { maxLength: 5 }),
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(identity, fc.constant(undefined), fc.constant(null)), (given) => {
        let overrides;
        try {
          overrides = toContextOverrides(given as never);
        } catch (error) {
          expect(error).toBeInstanceOf(UnauthorizedException);
          expect((error as Error).message).not.toContain('zq');
          return;
        }
        const seen = runtime.withContext(overrides, () => runtime.identity);
        expect(seen.tenantId).toBe(typeof given?.tenantId === 'string' ? given.tenantId : undefined);
        expect(seen.principalId).toBe(typeof given?.principalId === 'string' ? given.principalId : undefined);
        expect(seen.scopes).toEqual(Array.isArray(given?.scopes) ? given.scopes : []);
      }),
      propertyParameters(500),
    );
  });
});

describe('toContextOverrides reads own fields only', () => {
  it('refuses a field a prototype holds, and a getter or proxy that throws, with a 401', () => {
    class User {
      get tenantId(): string {
        return 'tenant_acme';
      }
    }
    const throwing = Object.defineProperty({}, 'principalId', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    );
    expect(() => toContextOverrides(new User() as never)).toThrow(/`tenantId` is inherited from a prototype/);
    expect(() => toContextOverrides(Object.create({ principalId: 'mallory' }) as never)).toThrow(UnauthorizedException);
    expect(() => toContextOverrides(throwing as never)).toThrow(/its fields could not be read/);
    expect(() => toContextOverrides(proxy as never)).toThrow(UnauthorizedException);
  });

  it('never takes a field from a polluted Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto['tenantId'] = 'tenant_polluted';
    try {
      expect(toContextOverrides({ principalId: 'alice' }).tenantId).toBeUndefined();
    } finally {
      Reflect.deleteProperty(proto, 'tenantId');
    }
  });
});
