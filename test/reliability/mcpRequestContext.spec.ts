import fc from 'fast-check';
import { closeConnections } from '../../packages/mcp/test/support/connect.js';
import { contextProbe } from '../../packages/mcp/test/support/contextProbe.js';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/**
 * A governed MCP server takes each call's identity from its `context(extra)`, as `runtime.withContext` overrides.
 * The class of bug: a value that is not overrides (a promise from an `async` `context`, a `Map`, a class
 * instance) names no field `withContext` reads, so the call ran as the runtime's own identity instead of the
 * request's; an object that inherits its fields from another must not lend them either. For any value `context` returns, either it is `undefined` or a plain object and the tool runs under
 * exactly the tenant and principal it names (the runtime's for a field it leaves out), or the tool never runs and
 * the client gets a Brane error result (`INVALID_ARGUMENT`, or the SDK's own for overrides `withContext` refuses).
 */

const id = fc.constantFrom('alice', 'bob', 'tenant_other', 'u_1');
const overrides = fc.record({ tenantId: id, principalId: id }, { requiredKeys: [] });
const notOverrides = fc.oneof(
  overrides.map((value) => Promise.resolve(value)),
  overrides.map((value) => new Map(Object.entries(value))),
  overrides.map((value) => Object.assign(new (class Claims {})(), value)),
  overrides.map((value) => Object.assign(Object.create(value) as object, {})),
  overrides.map((value) => [value]),
  fc.constantFrom(null, 0, 'alice', true, new Date(0), new Set(['alice'])),
);
const returned = fc.oneof(fc.constant(undefined), overrides, notOverrides);

describe('@brane/mcp: the identity `context` gives a call', () => {
  afterAll(closeConnections);

  it('runs the tool under exactly the overrides returned, or not at all', async () => {
    let current: unknown;
    const probe = await contextProbe(() => current);
    const figures = { ran: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(returned, async (value) => {
        current = value;
        probe.ranAs.length = 0;
        const result = await probe.call();
        const plain =
          value === undefined ||
          (typeof value === 'object' &&
            value !== null &&
            [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null));
        if (plain) {
          figures.ran++;
          const named = (value ?? {}) as { tenantId?: string; principalId?: string };
          expect(probe.ranAs).toStrictEqual([`${named.tenantId ?? 'tenant_acme'}/${named.principalId ?? 'svc_files'}`]);
          expect(result.isError).toBeUndefined();
        } else {
          figures.refused++;
          expect(probe.ranAs).toStrictEqual([]);
          expect(result.isError).toBe(true);
          expect(result._meta?.['brane']).toMatchObject({ code: 'INVALID_ARGUMENT' });
        }
      }),
      propertyParameters(300),
    );
    reportFigures('mcp request context', figures);
  });
});
