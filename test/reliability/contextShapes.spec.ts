import fc from 'fast-check';
import { Runtime, type ContextOverrides } from '@brane/core';
import { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import { propertyParameters } from './propertyRuns.js';

/**
 * `withContext` takes a request's identity only from fields the overrides own. For any identity fields handed over
 * in a shape that does not own them (a promise of them, a `Map` of them, a `Set`, an object whose prototype holds
 * them), it throws a `ConfigurationError` and runs nothing: before, each of these ran the call silently as the
 * enclosing identity, or (a prototype) as the inherited one. A field on a polluted `Object.prototype` is never read:
 * `{}` runs as the runtime. The documented shapes (an object literal, one without a prototype, a class instance
 * with own fields) run as the fields say.
 */
const CASES = 300;

const ID = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const FIELDS = fc.record({ tenantId: ID, principalId: ID }, { requiredKeys: [] });

const REFUSED = ['promise', 'map', 'set', 'prototype', 'class-getter'] as const;
const ACCEPTED = ['plain', 'null-prototype', 'class-instance'] as const;

class Claims {
  constructor(fields: object) {
    Object.assign(this, fields);
  }
}

function shaped(shape: (typeof REFUSED)[number] | (typeof ACCEPTED)[number], fields: object): unknown {
  switch (shape) {
    case 'promise':
      return Promise.resolve(fields);
    case 'map':
      return new Map(Object.entries(fields));
    case 'set':
      return new Set(Object.values(fields));
    case 'prototype':
      return Object.create(fields) as object;
    case 'class-getter': {
      const proto = {};
      for (const [key, value] of Object.entries(fields) as [string, string][]) {
        Object.defineProperty(proto, key, { get: (): string => value });
      }
      return Object.create(proto) as object;
    }
    case 'plain':
      return { ...fields };
    case 'null-prototype':
      return Object.assign(Object.create(null) as object, fields);
    case 'class-instance':
      return new Claims(fields);
  }
}

function runtimeSeeing(): { runtime: Runtime; seen: { tenantId?: string; principalId?: string }[]; call: () => void } {
  const runtime = new Runtime({ tenantId: 'tenant_runtime', principalId: 'runtime' });
  const seen: { tenantId?: string; principalId?: string }[] = [];
  runtime.beforeCapability('lookup', { name: 'witness' }, (ctx) => {
    seen.push({
      ...(ctx.tenantId === undefined ? {} : { tenantId: ctx.tenantId }),
      ...(ctx.principalId === undefined ? {} : { principalId: ctx.principalId }),
    });
    return Decision.allow();
  });
  const lookup = runtime.capability({ name: 'lookup', risk: 'low' }, () => 'ok');
  return { runtime, seen, call: () => lookup() };
}

describe('withContext takes identity from own fields only', () => {
  it('refuses overrides that do not own their fields, and runs nothing', () => {
    fc.assert(
      fc.property(
        FIELDS.filter((fields) => Object.keys(fields).length > 0),
        fc.constantFrom(...REFUSED),
        (fields, shape) => {
          const { runtime, seen, call } = runtimeSeeing();
          let ran = false;
          const attempt = (): void => {
            runtime.withContext(shaped(shape, fields) as ContextOverrides, () => {
              ran = true;
              call();
            });
          };
          // A Set of values and a promise are refused whatever they hold; a prototype for the field it holds.
          expect(attempt).toThrow(ConfigurationError);
          expect(ran).toBe(false);
          expect(seen).toEqual([]);
        },
      ),
      propertyParameters(CASES),
    );
  });

  it('runs the documented shapes exactly as their fields say', () => {
    fc.assert(
      fc.property(FIELDS, fc.constantFrom(...ACCEPTED), (fields, shape) => {
        const { runtime, seen, call } = runtimeSeeing();
        runtime.withContext(shaped(shape, fields) as ContextOverrides, call);
        expect(seen).toEqual([{ tenantId: 'tenant_runtime', principalId: 'runtime', ...fields }]);
      }),
      propertyParameters(CASES),
    );
  });

  it('never reads identity from a polluted Object.prototype', () => {
    fc.assert(
      fc.property(FIELDS, (fields) => {
        const proto = Object.prototype as Record<string, unknown>;
        Object.assign(proto, fields);
        try {
          const { runtime, seen, call } = runtimeSeeing();
          runtime.withContext({}, call);
          expect(seen).toEqual([{ tenantId: 'tenant_runtime', principalId: 'runtime' }]);
        } finally {
          for (const key of Object.keys(fields)) Reflect.deleteProperty(proto, key);
        }
      }),
      propertyParameters(CASES),
    );
  });
});
