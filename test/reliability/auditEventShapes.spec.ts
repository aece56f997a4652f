import fc from 'fast-check';
import { AUDIT_EVENT_TYPES, type AuditEvent } from '@brane/audit';
import { formatAuditEvents } from '../../packages/cli/src/formatAuditEvent.js';
import { propertyParameters } from './propertyRuns.js';

/** An event as a tampered log can hold one: a known type, and any JSON in any of the fields the formatter reads. */
const hostileEvent: fc.Arbitrary<AuditEvent> = fc
  .tuple(
    fc.constantFrom(...AUDIT_EVENT_TYPES),
    fc.dictionary(
      fc.constantFrom(
        'time',
        'capability',
        'actionId',
        'decisions',
        'policies',
        'outcome',
        'stage',
        'reason',
        'approval',
        'durationMs',
        'decision',
        'error',
        'args',
        'approverGroups',
        'approvalId',
        'by',
        'comment',
        'expiresAt',
        'risk',
      ),
      fc.jsonValue({ maxDepth: 3 }),
    ),
  )
  .map(([type, fields]) => ({ ...fields, type }) as unknown as AuditEvent);

describe('brane audit tail and query print any event a log holds', () => {
  it('one row per event, whatever the shape of its fields', () => {
    fc.assert(
      fc.property(fc.array(hostileEvent, { minLength: 1, maxLength: 5 }), (events) => {
        expect(formatAuditEvents(events).split('\n')).toHaveLength(events.length + 1);
      }),
      propertyParameters(2_000),
    );
  });
});
