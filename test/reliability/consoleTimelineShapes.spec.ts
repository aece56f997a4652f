import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { readTimeline } from '../../packages/console/src/AuditTimeline';
import { auditPage } from '../../packages/console/src/views/auditPage';
import { propertyParameters } from './propertyRuns';

/**
 * The console's audit timeline reads whatever a log holds. For any field of a logged event, replaced by a value of
 * any shape (JSON of any kind, or an array or object nested up to 30,000 deep), the timeline groups, sorts and
 * renders without throwing. Before, a `time` or `approvalId` that was not a string was sorted or joined as text,
 * and a deeply nested one overflowed the stack.
 */
const CASES = 60;

const FIELDS = ['time', 'actionId', 'approvalId', 'by', 'capability', 'reason', 'outcome', 'tenantId', 'principalId'];
const nested = fc
  .tuple(fc.integer({ min: 1, max: 30_000 }), fc.boolean())
  .map(([depth, array]) =>
    array ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );
const VALUE = fc.oneof(
  nested,
  fc.jsonValue().map((value) => JSON.stringify(value)),
);

describe('the console timeline over events of any shape', () => {
  it('groups, sorts and renders whatever a field holds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), VALUE, async (field, value) => {
        const directory = mkdtempSync(path.join(tmpdir(), 'brane-timeline-shapes-'));
        try {
          const event: Record<string, string> = {
            type: '"action.completed"',
            time: '"2026-11-21T14:00:00.000Z"',
            actionId: '"act_1"',
            capability: '"tool"',
            outcome: '"allowed"',
            approvalId: '"apr_1"',
          };
          event[field] = value;
          const body = Object.entries(event)
            .map(([key, json]) => `"${key}":${json}`)
            .join(',');
          appendFileSync(
            path.join(directory, 'log.jsonl'),
            `{"seq":1,"prev":"${'0'.repeat(64)}","hash":"${'a'.repeat(64)}","event":{${body}}}\n`,
          );
          const actions = await readTimeline(directory, {});
          const session = { identity: { id: 'maria', groups: [] }, csrfToken: 'token' } as never;
          const page = String(await auditPage(session, { query: {}, actions, verification: [], logPath: directory }));
          expect(page).toContain('Audit timeline');
        } finally {
          rmSync(directory, { recursive: true, force: true });
        }
      }),
      propertyParameters(CASES),
    );
  });
});
