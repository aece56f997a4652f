import type { AuditEvent } from '@brane/audit';
import { PostgresAuditSink } from '@brane/postgres';
import { makeTempDir, removeTempDir, runCli } from '../fixtures/runCli';
import { describeWithDatabase } from '../../../postgres/test/harness/testDatabase';

function record(n: number, fields: Record<string, unknown> = {}): AuditEvent {
  return {
    type: 'action.completed',
    time: new Date(Date.UTC(2026, 2, 1, 0, 0, n)).toISOString(),
    actionId: `act_${n}`,
    traceId: 'trace',
    capability: n % 2 === 0 ? 'payments.refund' : 'crm.lookup',
    tenantId: n % 3 === 0 ? 'globex' : 'acme',
    principalId: `agent-${n % 2}`,
    environment: 'test',
    outcome: n % 4 === 0 ? 'denied' : 'allowed',
    ...fields,
  } as unknown as AuditEvent;
}

describeWithDatabase('brane audit --store postgres://', (db) => {
  let root: string;
  let stream: string;
  const cli = (args: readonly string[], env: Record<string, string> = {}) => runCli(args, { cwd: root, env });
  const store = () => ['--store', db().url, '--schema', db().schema];

  beforeAll(async () => {
    root = makeTempDir();
    const sink = new PostgresAuditSink({ pool: db().pool, schema: db().schema });
    stream = sink.stream;
    await sink.write(Array.from({ length: 12 }, (_, i) => record(i + 1)));
    await sink.close();
  });

  afterAll(() => {
    removeTempDir(root);
  });

  it('queries with the filters of a JSONL log, and principal, action and outcome', async () => {
    const result = await cli(['audit', 'query', '--tenant', 'acme', '--since', '2026-03-01T00:00:05Z', ...store()]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+TYPE\s+CAPABILITY\s+ACTION\s+DETAIL/);
    expect(lines.slice(1).map((line) => /act_\d+/.exec(line)?.[0])).toStrictEqual([
      'act_5',
      'act_7',
      'act_8',
      'act_10',
      'act_11',
    ]);
    const json = (
      await cli(['audit', 'query', '--outcome', 'denied', '--principal', 'agent-0', '--json', ...store()])
    ).json<{
      events: AuditEvent[];
      schema: string;
    }>();
    expect(json.schema).toBe(db().schema);
    expect(json.events.map((event) => event.actionId)).toStrictEqual(['act_4', 'act_8', 'act_12']);
    const one = (await cli(['audit', 'query', '--action', 'act_3', '--json', ...store()])).json<{
      events: AuditEvent[];
    }>();
    expect(one.events).toHaveLength(1);
  });

  it('tails and counts, reading the database from BRANE_DATABASE_URL', async () => {
    const env = { BRANE_DATABASE_URL: db().url };
    const tail = (await cli(['audit', 'tail', '-n', '2', '--schema', db().schema, '--json'], env)).json<{
      events: AuditEvent[];
    }>();
    expect(tail.events.map((event) => event.actionId)).toStrictEqual(['act_11', 'act_12']);
    const stats = await cli(['audit', 'stats', '--schema', db().schema], env);
    expect(stats).toMatchObject({ code: 0 });
    expect(stats.stdout).toMatch(/^12 events in 12 actions/);
    expect(stats.stdout).toMatch(/denied\s+3/);
  });

  it('verifies every stream, and exits 1 naming the record once one is edited', async () => {
    const ok = await cli(['audit', 'verify', ...store()]);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toContain(`ok      ${stream}  12 records`);
    expect(ok.stdout).toMatch(/1 stream, 12 records in postgres:\/\/.* \(schema .*\): whole and unaltered\n$/);

    await db().pool.query(
      `UPDATE "${db().schema}".audit_records SET event_json = replace(event_json, 'denied', 'allowed') WHERE seq = 4`,
    );
    const failed = await cli(['audit', 'verify', '--stream', stream, ...store()]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(`FAILED  ${stream}  12 records, 1 problem`);
    expect(failed.stdout).toContain(`  ${stream}#4: edited: its hash does not match its content`);
  });

  it('refuses the filters only a database has on a directory, and --stream without --store', async () => {
    const principal = await cli(['audit', 'query', '--principal', 'x']);
    expect(principal.code).toBe(2);
    expect(principal.stderr).toMatch(/--principal filters a PostgreSQL audit trail: add --store/);
    const streamOnly = await cli(['audit', 'verify', '--stream', 'x']);
    expect(streamOnly.stderr).toMatch(/--stream names a stream of a PostgreSQL audit trail/);
  });
});
