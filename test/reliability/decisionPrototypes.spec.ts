import fc from 'fast-check';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { propertyParameters } from './propertyRuns.js';

/**
 * A plain allow (`Decision.allow()`) stores only `type` and `metadata`; it reads every other field as `undefined`.
 * For any of those fields set on a polluted `Object.prototype`, to any value (a payload of the right shape
 * included), a plain allow still reads each as `undefined`, serialises as an allow, copies into an allow with
 * exactly its limits, and lets a governed call return what its body returned. Before, it read the polluted values
 * through its prototype chain.
 */
const CASES = 200;

const PAYLOADS: Record<string, fc.Arbitrary<unknown>> = {
  reason: fc.string(),
  actionId: fc.string(),
  policyName: fc.string(),
  policyVersion: fc.string(),
  mutations: fc.constantFrom({ redact: [{ path: 'secret', mask: '***' }] }, { output: () => 'replaced' }),
  approval: fc.constant({ approverGroups: ['finance'], reason: 'polluted' }),
  route: fc.constant({ capability: 'elsewhere' }),
  sandbox: fc.constant({ timeoutMs: 1 }),
  audit: fc.dictionary(fc.string(), fc.string()),
  effects: fc.constant([Decision.deny('polluted')]),
  limits: fc.constant([{ key: 'polluted', max: 1, per: '1h' }]),
  labels: fc.constant(['pii']),
};
const POLLUTION = fc.record(PAYLOADS, { requiredKeys: [] }).filter((fields) => Object.keys(fields).length > 0);

class Service {
  read(): { secret: string } {
    return { secret: 'kept' };
  }
}

function withPolluted<T>(fields: Record<string, unknown>, run: () => T): T {
  const proto = Object.prototype as Record<string, unknown>;
  Object.assign(proto, fields);
  try {
    return run();
  } finally {
    for (const key of Object.keys(fields)) Reflect.deleteProperty(proto, key);
  }
}

describe('a plain allow under a polluted Object.prototype', () => {
  it('reads every field it does not store as undefined, and serialises as an allow', () => {
    fc.assert(
      fc.property(POLLUTION, (fields) => {
        withPolluted(fields, () => {
          const allow = Decision.allow();
          for (const key of Object.keys(fields))
            expect((allow as unknown as Record<string, unknown>)[key]).toBeUndefined();
          expect(Object.keys(allow.toJSON()).sort()).toEqual(['decisionId', 'metadata', 'type']);
          expect(allow.allowed).toBe(true);
        });
      }),
      propertyParameters(CASES),
    );
  });

  it('copies into an allow with exactly the limits it is given', () => {
    fc.assert(
      fc.property(POLLUTION, (fields) => {
        withPolluted(fields, () => {
          const limited = Decision.allow().withLimits({ key: 'emails', max: 5, per: '1h' });
          expect(limited.type).toBe('allow');
          expect(limited.limits?.map((limit) => limit.key)).toEqual(['emails']);
          for (const key of Object.keys(fields)) {
            if (key !== 'limits') expect((limited as unknown as Record<string, unknown>)[key]).toBeUndefined();
          }
        });
      }),
      propertyParameters(CASES),
    );
  });

  it('lets a governed call return what its body returned', () => {
    fc.assert(
      fc.property(POLLUTION, (fields) => {
        const runtime = new Runtime();
        runtime.beforeCapability('read', { name: 'allows' }, () => Decision.allow());
        const read = runtime.capability({ name: 'read', risk: 'low' }, () => new Service().read());
        const output = withPolluted(fields, () => read());
        expect(output).toEqual({ secret: 'kept' });
      }),
      propertyParameters(CASES),
    );
  });
});
