import type { FleetResults } from '../suites/fleetSuite.js';
import { table } from './formatMarkdown.js';

/** The fleet section: the approval lifecycle per store, and list pages over a large table; or why it did not run. */
export function renderFleet(fleet: FleetResults): string {
  if (!fleet.ran) {
    return `**Not run:** ${fleet.reason}. Start PostgreSQL (or set \`BRANE_DATABASE_URL\`) and run \`pnpm bench\` again.`;
  }
  const rate = (r: { perSecond: number; lifecycles: number }): string =>
    `${r.perSecond.toFixed(0)} a second (${r.lifecycles.toLocaleString('en-US')} in all)`;
  const { list } = fleet;
  return `The whole approval lifecycle (request, approve, claim, complete: four compare-and-set writes and their reads,
every record sealed and verified) run again and again by ${fleet.postgres.workers} concurrent workers in one process,
on PostgreSQL at ${fleet.host} (a pool of ${fleet.postgres.workers} connections, \`synchronous_commit\` as the server
has it), beside the same workers on the embedded stores.

${table(
  ['store', 'lifecycles'],
  [
    ['`PostgresApprovalStore`', rate(fleet.postgres)],
    ['`FileApprovalStore` (one machine, local disk)', rate(fleet.file)],
    ['`InMemoryApprovalStore` (one process)', rate(fleet.memory)],
  ],
)}

A page of \`list\` (100 records, keyset cursor) over ${list.rows.toLocaleString('en-US')} approvals in PostgreSQL, one
tenant in 100, one record in five pending (the store's query, median of 20):

${table(
  ['page', 'time'],
  [
    ['pending approvals of one tenant, first page', `${list.firstPageMs.toFixed(2)} ms`],
    ['the same, from a cursor half-way through', `${list.deepPageMs.toFixed(2)} ms`],
    ['any approval, from a cursor half-way through', `${list.deepUnfilteredMs.toFixed(2)} ms`],
  ],
)}

The audit trail on PostgreSQL (\`PostgresAuditSink\`, one statement a batch, two hash chains per process by default,
and one for reference, measured one after the other):

${table(
  ['case', 'result'],
  [
    [
      `one process, async durability, an async capability called 64 at a time (${fleet.audit.actions.toLocaleString('en-US')} actions, the close and every commit included)`,
      `${Math.round(fleet.audit.perSecond).toLocaleString('en-US')} actions/s`,
    ],
    [
      `the same with one stream (\`streams: 1\`; ${fleet.auditOneStream.actions.toLocaleString('en-US')} actions)`,
      `${Math.round(fleet.auditOneStream.perSecond).toLocaleString('en-US')} actions/s`,
    ],
    [
      'skipped' in fleet.auditQuery
        ? '`brane audit query --tenant T --since D` over 10 million rows'
        : `\`brane audit query --tenant T --since D\` over ${fleet.auditQuery.rows.toLocaleString('en-US')} rows (1,000 tenants, 100 days; ${fleet.auditQuery.matched} events match; median of 5)`,
      'skipped' in fleet.auditQuery
        ? `not run: ${fleet.auditQuery.skipped}`
        : `${fleet.auditQuery.queryMs.toFixed(1)} ms (rows generated and indexed in ${fleet.auditQuery.generateSeconds.toFixed(0)} s)`,
    ],
  ],
)}`;
}
