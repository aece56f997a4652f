import fc from 'fast-check';
import { DEFAULT_SECRET_PATTERNS, compactBody, type AuditEvent, type AuditSink } from '@brane/audit';
import { COMPACT_BODY } from '@brane/audit/internal';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { propertyParameters, reportFigures } from './propertyRuns.js';

/** Keeps the records it is handed, unread. */
class KeepingSink implements AuditSink {
  readonly name = 'keeping';
  readonly events: AuditEvent[] = [];
  write(events: readonly AuditEvent[]): void {
    this.events.push(...events);
  }
}

/** Names that are record fields, sensitive names and secret shapes: what could make the one-pass writer differ. */
const KEYS = [
  'customerId',
  'note',
  'password',
  'apiKey',
  'reason',
  'args',
  'name',
  'stage',
  'decision',
  'policies',
  'decisions',
  'before',
  'metadata',
  'agentId',
  'tenantId',
  'scopes',
  'durationMs',
  '__proto__',
  'sk-live0123456789abcdefghij',
  'toString',
  '',
];
const SECRETS = [
  'hunter2-secret',
  'Bearer abcdefgh12345678',
  'postgres://app:s3cr3t@db/main',
  'sk-0123456789abcdefghijkl',
  'order cust-4242 refunded',
];
/** A runtime's own secret shape, beside the defaults: its masked strings are remembered in a cache of their own. */
const OWN_PATTERNS = [...DEFAULT_SECRET_PATTERNS, /cust-\d+/g];

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...SECRETS),
  fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...SECRETS)).map(([a, b]) => `${a}${b}`),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined)),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 4 }),
    fc.constant(new Date(0)),
  ),
})).node;

const scenario = fc.record({
  args: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 4 }),
  sensitiveKeys: fc.subarray(
    KEYS.filter((key) => key !== ''),
    { maxLength: 2 },
  ),
  sensitive: fc.subarray(['note', 'name', 'customerId']),
  decisions: fc.array(
    fc.record({
      type: fc.constantFrom('allow', 'deny', 'log_only'),
      reason: text,
      metadata: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 2 }),
    }),
    { minLength: 0, maxLength: 3 },
  ),
  tenantId: fc.option(fc.constantFrom('acme', 'sk-0123456789abcdefghijkl', 'tenant_hunter2-secret'), {
    nil: undefined,
  }),
  throws: fc.option(text, { nil: undefined }),
  ownPatterns: fc.boolean(),
});

describe('an action record written in one pass', () => {
  it('has exactly the compact line body of the record built and masked, from the masking caches too', async () => {
    const figures = { records: 0, onePass: 0 };
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const sink = new KeepingSink();
        const runtime = new Runtime({
          agentId: 'agent',
          ...(s.tenantId === undefined ? {} : { tenantId: s.tenantId }),
          audit: {
            sinks: [sink],
            sensitiveKeys: s.sensitiveKeys,
            ...(s.ownPatterns ? { secretPatterns: OWN_PATTERNS } : {}),
          },
        });
        s.decisions.forEach((spec, i) => {
          runtime.beforeCapability('act', { name: `policy_${i}`, version: String(i) }, () => {
            const options = { metadata: spec.metadata };
            if (spec.type === 'deny') return Decision.deny(spec.reason, options);
            return spec.type === 'log_only' ? Decision.logOnly(spec.reason, options) : Decision.allow(options);
          });
        });
        const act = runtime.capability(
          { name: 'act', risk: 'high', sensitive: s.sensitive },
          (input: Record<string, unknown>): Record<string, unknown> => {
            if (s.throws !== undefined) throw new Error(s.throws);
            return input;
          },
        );
        try {
          act(s.args);
        } catch {
          // denied or failed: recorded
        }
        await runtime.close();
        for (const record of sink.events) {
          figures.records += 1;
          const write = (record as { [COMPACT_BODY]?: () => string | undefined })[COMPACT_BODY];
          const own = write?.call(record);
          if (own === undefined) continue;
          // Written again, its short strings come from the masking caches: the same bytes.
          expect(write?.call(record)).toBe(own);
          figures.onePass += 1;
          const built = compactBody(JSON.parse(JSON.stringify(record)) as AuditEvent);
          expect(own).toBe(built);
        }
      }),
      propertyParameters(300),
    );
    reportFigures('auditCompactBody', figures);
    // Many records are plain data and take the one-pass writer; the others (a `Date`, a key holding a secret, a
    // sensitive name that is a field of the record) are built and written from their JSON. About 30% take it
    // (83 to 95 of 300 over twelve seeds; one CI run 71): the bound only guards that the property reaches the
    // writer at all, far enough below that share that no seed misses it.
    expect(figures.onePass).toBeGreaterThan(figures.records / 8);
  });
});
