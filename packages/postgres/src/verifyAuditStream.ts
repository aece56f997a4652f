import { GENESIS_HASH, chainHash, type AuditProblemKind } from '@brane/audit';
import { auditColumns } from './auditColumns.js';
import type { PostgresConnection } from './PostgresConnection.js';

/** One problem of a stream found by `PostgresAuditLog.verify`. */
export interface PostgresAuditProblem {
  /** The record concerned; 0 for a problem of the stream's head. */
  readonly seq: number;
  readonly kind: AuditProblemKind;
  readonly message: string;
}

/** The verification of one stream of a PostgreSQL audit trail. */
export interface PostgresAuditVerification {
  readonly stream: string;
  /** `true` when the stream is whole and unaltered. */
  readonly ok: boolean;
  readonly records: number;
  /** The `seq` of the stream's last record; 0 for none. */
  readonly lastSeq: number;
  /** In `seq` order, at most 100. */
  readonly problems: readonly PostgresAuditProblem[];
}

interface Row {
  readonly seq: string;
  readonly prev: string;
  readonly hash: string;
  readonly time: Date;
  readonly type: string;
  readonly capability: string | null;
  readonly tenant_id: string | null;
  readonly principal_id: string | null;
  readonly action_id: string | null;
  readonly outcome: string | null;
  readonly phase: string | null;
  readonly event_json: string;
}

const PAGE = 5_000;
const MAX_PROBLEMS = 100;
const CHECKED = [
  ['type', 'type'],
  ['capability', 'capability'],
  ['tenant_id', 'tenantId'],
  ['principal_id', 'principalId'],
  ['action_id', 'actionId'],
  ['outcome', 'outcome'],
  ['phase', 'phase'],
] as const;

/**
 * Verifies one stream: its records `1..n` without gaps, each hash the `chainHash` of the one before and its exact
 * JSON, each indexed column the copy of its record's field, and the head (`audit_streams`) at the last record.
 * Reads the stream a page at a time, so a stream of any length is verified in constant memory.
 *
 * @internal
 */
export async function verifyAuditStream(
  db: PostgresConnection,
  stream: string,
  head: { readonly seq: number; readonly hash: string } | undefined,
): Promise<PostgresAuditVerification> {
  const problems: PostgresAuditProblem[] = [];
  const problem = (seq: number, kind: AuditProblemKind, message: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push({ seq, kind, message });
  };
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  let records = 0;
  for (;;) {
    const { rows } = await db.query<Row>(
      `SELECT seq, prev, hash, time, type, capability, tenant_id, principal_id, action_id, outcome, phase, event_json
       FROM ${db.table('audit_records')} WHERE stream = $1 AND seq > $2 ORDER BY seq LIMIT ${PAGE}`,
      [stream, lastSeq],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      records += 1;
      if (seq !== lastSeq + 1) {
        problem(seq, 'removed', `records ${lastSeq + 1} to ${seq - 1} are missing`);
      } else if (row.prev !== lastHash) {
        problem(seq, 'edited', `its prev is not the hash of record ${lastSeq}`);
      }
      if (chainHash(row.prev, seq, row.event_json) !== row.hash) {
        problem(seq, 'edited', 'its hash does not match its content');
      } else {
        checkColumns(row, seq, problem);
      }
      lastSeq = seq;
      lastHash = row.hash;
    }
    if (rows.length < PAGE) break;
  }
  if (head === undefined) problem(0, 'head', `the stream has no head in audit_streams`);
  else if (head.seq > lastSeq)
    problem(0, 'truncated', `the head is at record ${head.seq}, the last record is ${lastSeq}`);
  else if (head.seq < lastSeq) problem(0, 'head', `records past the head (${head.seq}) up to ${lastSeq}`);
  else if (head.hash !== lastHash) problem(0, 'head', `the head's hash is not the last record's`);
  return { stream, ok: problems.length === 0, records, lastSeq, problems };
}

function checkColumns(row: Row, seq: number, problem: (seq: number, kind: AuditProblemKind, m: string) => void): void {
  let event: unknown;
  try {
    event = JSON.parse(row.event_json);
  } catch {
    problem(seq, 'malformed', 'its JSON does not parse');
    return;
  }
  const expected = auditColumns(event);
  for (const [name, field] of CHECKED) {
    const want = name === 'type' ? expected.type : expected[field];
    if (row[name] !== want) problem(seq, 'edited', `its column ${name} is not its record's ${field}`);
  }
  if (expected.time !== null && row.time.toISOString() !== expected.time) {
    problem(seq, 'edited', `its column time is not its record's time`);
  }
}
