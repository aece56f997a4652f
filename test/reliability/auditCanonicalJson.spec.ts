import fc from 'fast-check';
import { canonicalEventJson, type AuditEvent, type AuditSink } from '@brane/audit';
import { ownCanonicalJson } from '@brane/audit/internal';
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

/** Names that are record fields, sensitive names, secret shapes and keys that sort apart: what could make the writer differ. */
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
  '10',
  '9',
  'B',
  'a',
  'policiesOmitted',
  'toString',
  '',
];
const SECRETS = [
  'hunter2-secret',
  'Bearer abcdefgh12345678',
  'postgres://app:s3cr3t@db/main',
  'sk-0123456789abcdefghijkl',
];

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(...SECRETS),
  fc.tuple(fc.string({ maxLength: 6 }), fc.constantFrom(...SECRETS)).map(([a, b]) => `${a}${b}`),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
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
});

describe('the canonical JSON of an action record written in one pass', () => {
  it('is exactly the canonical JSON of the record built and masked', async () => {
    const figures = { records: 0, onePass: 0 };
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const sink = new KeepingSink();
        const runtime = new Runtime({
          agentId: 'agent',
          ...(s.tenantId === undefined ? {} : { tenantId: s.tenantId }),
          audit: { sinks: [sink], sensitiveKeys: s.sensitiveKeys },
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
          // Written first, while the record is not built; then built, masked and serialized.
          const own = ownCanonicalJson(record);
          if (own === undefined) continue;
          figures.onePass += 1;
          expect(own).toBe(canonicalEventJson(record));
        }
      }),
      propertyParameters(300),
    );
    reportFigures('auditCanonicalJson', figures);
    // Many records are plain data and take the one-pass writer; the others (a `Date`, a key holding a secret) are
    // built and serialized.
    expect(figures.onePass).toBeGreaterThan(figures.records / 6);
  });
});
