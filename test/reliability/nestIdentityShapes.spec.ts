import fc from 'fast-check';
import { toContextOverrides } from '@brane/nestjs';
import { propertyParameters } from './propertyRuns.js';

/**
 * `@brane/nestjs` takes a request's identity only from the fields `identify`'s object owns. For any identity fields:
 * held on a prototype (`Object.create`, a class getter), behind a getter that throws, or behind a proxy that throws,
 * the request is refused with a 401 (before: a prototype's fields were taken, and a throwing getter was a 500); and a
 * field on a polluted `Object.prototype` is never taken, whatever the object owns.
 */
const CASES = 300;

/** How the 401 (`UnauthorizedException`) that refuses a request's identity begins. */
const REFUSED = /^The request's identity is not valid: /;

const FIELD = fc.constantFrom('tenantId', 'principalId', 'traceId', 'sessionId');
const ID = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
const OWN = fc.dictionary(FIELD, ID, { maxKeys: 4 });

describe('nestjs identity: own fields only', () => {
  it('refuses an identity whose field a prototype holds or whose reads throw', () => {
    fc.assert(
      fc.property(
        OWN,
        FIELD,
        ID,
        fc.constantFrom('prototype', 'getter', 'throwing', 'proxy'),
        (own, field, value, how) => {
          let identity: object;
          if (how === 'prototype') identity = Object.assign(Object.create({ [field]: value }) as object, own);
          else if (how === 'getter') {
            class User {}
            Object.defineProperty(User.prototype, field, { get: () => value });
            identity = new User();
            for (const [key, ownValue] of Object.entries(own)) {
              Object.defineProperty(identity, key, { value: ownValue, enumerable: true });
            }
          } else if (how === 'throwing') {
            identity = Object.defineProperty({ ...own }, field, {
              enumerable: true,
              get: () => {
                throw new Error('boom');
              },
            });
          } else {
            identity = new Proxy(
              { ...own },
              {
                get: () => {
                  throw new Error('boom');
                },
              },
            );
          }
          // A prototype's field the object also owns is shadowed, so it is the object's: only the others are refused.
          const owned = Object.hasOwn(own, field);
          const shadowed = (how === 'prototype' || how === 'getter') && owned;
          // A proxy whose reads throw owns no field to read when `own` is empty: that is an anonymous request.
          const unread = how === 'proxy' && Object.keys(own).length === 0;
          if (shadowed) expect(toContextOverrides(identity as never)[field]).toBe(own[field]);
          else if (unread) expect(toContextOverrides(identity as never)[field]).toBeUndefined();
          else expect(() => toContextOverrides(identity as never)).toThrow(REFUSED);
        },
      ),
      propertyParameters(CASES),
    );
  });

  it('never takes a field from a polluted Object.prototype', () => {
    fc.assert(
      fc.property(OWN, FIELD, ID, (own, field, polluted) => {
        const proto = Object.prototype as Record<string, unknown>;
        proto[field] = `polluted_${polluted}`;
        try {
          const overrides = toContextOverrides({ ...own });
          expect(overrides[field]).toBe(Object.hasOwn(own, field) ? own[field] : undefined);
        } finally {
          Reflect.deleteProperty(proto, field);
        }
      }),
      propertyParameters(CASES),
    );
  });
});
