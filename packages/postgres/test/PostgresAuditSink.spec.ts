import { GENESIS_HASH, chainHash, canonicalEventJson, type AuditEvent } from '@brane/audit';
import { AuditError, BraneError } from '@brane/errors';
import { PostgresAuditLog, PostgresAuditSink, type PostgresPool, type PostgresQuery } from '@brane/postgres';
import { describeWithDatabase } from './harness/testDatabase';

const NOWHERE = 'postgres://postgres@127.0.0.1:9/postgres';

let counter = 0;
/** A version 1 completed-action event, enough for the columns. */
function completed(fields: Partial<Record<string, unknown>> = {}): AuditEvent {
  counter += 1;
  return {
    type: 'action.completed',
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, counter)).toISOString(),
    actionId: `act_${counter}`,
    traceId: 'trace',
    capability: 'payments.refund',
    tenantId: 'acme',
    principalId: 'agent-1',
    environment: 'test',
    outcome: 'allowed',
    ...fields,
  } as unknown as AuditEvent;
}

describeWithDatabase('PostgresAuditSink and PostgresAuditLog', (db) => {
  const where = () => ({ pool: db().pool, schema: db().schema });
  const rows = async (stream: string) =>
    (
      await db().pool.query(
        `SELECT seq, prev, hash, event_json, tenant_id FROM "${db().schema}".audit_records WHERE stream = $1 ORDER BY seq`,
        [stream],
      )
    ).rows as { seq: string; prev: string; hash: string; event_json: string; tenant_id: string | null }[];

  it('writes records chained with the JSONL chain hash, in one stream per sink, and the head at the last', async () => {
    const sink = new PostgresAuditSink(where());
    const events = [completed(), completed(), completed()];
    await sink.write(events.slice(0, 2));
    await sink.writeDurable(events.slice(2));
    const written = await rows(sink.stream);
    expect(written.map((row) => Number(row.seq))).toStrictEqual([1, 2, 3]);
    let prev = GENESIS_HASH;
    for (const [i, row] of written.entries()) {
      expect(row.event_json).toBe(canonicalEventJson(events[i] as AuditEvent));
      expect(row.prev).toBe(prev);
      expect(row.hash).toBe(chainHash(prev, i + 1, row.event_json));
      prev = row.hash;
    }
    const head = await db().pool.query(`SELECT seq, hash FROM "${db().schema}".audit_streams WHERE stream = $1`, [
      sink.stream,
    ]);
    expect(head.rows).toStrictEqual([{ seq: '3', hash: prev }]);
    await sink.close();
    await expect(sink.write([completed()])).rejects.toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
  });

  it('records an event written again (a retry) once', async () => {
    const sink = new PostgresAuditSink(where());
    const events = [completed(), completed()];
    await sink.write(events);
    await sink.write(events);
    await sink.write([events[1] as AuditEvent, completed()]);
    expect((await rows(sink.stream)).map((row) => Number(row.seq))).toStrictEqual([1, 2, 3]);
    await sink.close();
  });

  it('continues a named stream where its head is, and refuses a second writer on it', async () => {
    const stream = `named-${Date.now()}`;
    const first = new PostgresAuditSink({ ...where(), stream });
    await first.write([completed(), completed()]);
    const second = new PostgresAuditSink({ ...where(), stream });
    await second.write([completed()]);
    expect((await rows(stream)).map((row) => Number(row.seq))).toStrictEqual([1, 2, 3]);
    const error: unknown = await first.write([completed()]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuditError);
    expect((error as AuditError).message).toMatch(/Another writer appends to the audit stream/);
    await expect(new PostgresAuditLog(where()).verify({ stream })).resolves.toMatchObject([
      { stream, ok: true, records: 3 },
    ]);
  });

  it('keeps hostile values whole in the record: NUL, a lone surrogate, line breaks, a 10 kB tenant', async () => {
    const sink = new PostgresAuditSink(where());
    const tenant = 't'.repeat(10_000);
    const events = [
      completed({ tenantId: tenant, reason: 'nul \u0000 here' }),
      completed({ principalId: 'x\u0000y', note: 'lone \ud800 surrogate' }),
      completed({ capability: 'a\nb', note: 'CR \r LF \n LS \u2028 \\n' }),
    ];
    await sink.write(events);
    const log = new PostgresAuditLog(where());
    await expect(log.query({ tenantId: tenant })).resolves.toStrictEqual([
      JSON.parse(canonicalEventJson(events[0] as AuditEvent)),
    ]);
    await expect(log.query({ capability: 'a\nb' })).resolves.toStrictEqual([
      JSON.parse(canonicalEventJson(events[2] as AuditEvent)),
    ]);
    await expect(log.verify({ stream: sink.stream })).resolves.toMatchObject([{ ok: true, records: 3 }]);
  });

  it('fails typed, keeps the records, and catches up in order once the database answers again', async () => {
    let down = true;
    const pool = db().pool as unknown as PostgresPool;
    const flaky: PostgresPool = {
      query: (config: PostgresQuery) =>
        down
          ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
          : pool.query(config),
      connect: () => pool.connect(),
      end: () => Promise.resolve(),
    };
    const sink = new PostgresAuditSink({ pool: flaky, schema: db().schema });
    const events = [completed(), completed(), completed()];
    const error: unknown = await sink.write(events.slice(0, 2)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuditError);
    expect(error).toMatchObject({ code: 'AUDIT_WRITE_FAILED', details: { kind: 'connection' } });
    expect((error as AuditError).cause).toBeInstanceOf(Error);
    down = false;
    await sink.write(events.slice(2));
    expect((await rows(sink.stream)).map((row) => (JSON.parse(row.event_json) as AuditEvent).actionId)).toStrictEqual(
      events.map((event) => event.actionId),
    );
  });

  it('refuses bad options with a clear error', () => {
    expect(() => new PostgresAuditSink({ pool: db().pool, stream: 'has space' })).toThrow(
      /`stream` must be 1 to 200 printable ASCII characters/,
    );
    expect(() => new PostgresAuditSink({ pool: db().pool, maxBatchSize: 0 })).toThrow(BraneError);
    expect(() => new PostgresAuditSink({ connectionString: 'mysql://x' })).toThrow(/postgres:\/\/ URL/);
    for (const streams of [0, 17, 1.5, Number.NaN, '2']) {
      expect(() => new PostgresAuditSink({ pool: db().pool, streams: streams as number })).toThrow(
        /`streams` must be a whole number from 1 to 16/,
      );
    }
    expect(() => new PostgresAuditSink({ pool: db().pool, stream: 'x'.repeat(199), streams: 2 })).toThrow(
      /`stream` must be at most 198 characters with `streams: 2`/,
    );
  });

  it('names its streams after the first, and takes batches of maxBatchSize from the queue', () => {
    const sink = new PostgresAuditSink({ ...where(), stream: 'svc/a', streams: 3, maxBatchSize: 200 });
    expect(sink.stream).toBe('svc/a');
    expect(sink.streams).toStrictEqual(['svc/a', 'svc/a/2', 'svc/a/3']);
    expect(sink.maxBatchSize).toBe(200);
    expect(new PostgresAuditSink(where()).streams).toHaveLength(2);
    expect(new PostgresAuditSink({ ...where(), streams: 1 }).streams).toHaveLength(1);
  });

  it('splits a large write in order between its streams, and sends a small one to the first that is not inserting', async () => {
    const sink = new PostgresAuditSink(where());
    const large = Array.from({ length: 100 }, () => completed());
    await sink.write(large);
    const [first, second] = await Promise.all(sink.streams.map((stream) => rows(stream)));
    const actionIds = (written: { event_json: string }[] | undefined) =>
      (written ?? []).map((row) => (JSON.parse(row.event_json) as AuditEvent).actionId);
    expect(actionIds(first)).toStrictEqual(large.slice(0, 50).map((event) => event.actionId));
    expect(actionIds(second)).toStrictEqual(large.slice(50).map((event) => event.actionId));
    const small = completed();
    await sink.write([small]);
    expect(actionIds(await rows(sink.stream)).at(-1)).toBe(small.actionId);
    const log = new PostgresAuditLog(where());
    for (const stream of sink.streams) {
      await expect(log.verify({ stream })).resolves.toMatchObject([{ ok: true }]);
    }
    await sink.close();
  });

  describe('the log', () => {
    const tenant = `tenant-${Date.now()}`;
    let stream = '';
    beforeAll(async () => {
      const sink = new PostgresAuditSink({ ...where(), maxBatchSize: 7 });
      stream = sink.stream;
      await sink.write(
        Array.from({ length: 30 }, (_, i) =>
          completed({ tenantId: tenant, outcome: i % 3 === 0 ? 'denied' : 'allowed', capability: `cap.${i % 2}` }),
        ),
      );
      await sink.close();
    });

    it('queries with filters in time order, pages with a cursor, tails and counts', async () => {
      const log = new PostgresAuditLog(where());
      const all = await log.query({ tenantId: tenant });
      expect(all).toHaveLength(30);
      expect(all.map((event) => event.time)).toStrictEqual([...all.map((event) => event.time)].sort());
      await expect(log.query({ tenantId: tenant, outcome: 'denied' })).resolves.toHaveLength(10);
      await expect(log.query({ tenantId: tenant, decision: 'denied', capability: 'cap.0' })).resolves.toHaveLength(5);
      await expect(log.query({ tenantId: tenant, limit: 4 })).resolves.toStrictEqual(all.slice(0, 4));
      await expect(log.query({ tenantId: tenant, since: all[10]?.time, until: all[20]?.time })).resolves.toStrictEqual(
        all.slice(10, 20),
      );
      const first = await log.page({ tenantId: tenant, limit: 12 });
      const second = await log.page({ tenantId: tenant, limit: 12, cursor: first.cursor });
      const third = await log.page({ tenantId: tenant, limit: 12, cursor: second.cursor });
      expect([...first.events, ...second.events, ...third.events]).toStrictEqual(all);
      expect(third.cursor).toBeUndefined();
      await expect(log.tail(3, { tenantId: tenant })).resolves.toStrictEqual(all.slice(27));
      await expect(log.stats({ tenantId: tenant })).resolves.toStrictEqual({
        events: 30,
        actions: 30,
        byType: { 'action.completed': 30 },
        byOutcome: { allowed: 20, denied: 10 },
        byCapability: { 'cap.0': 15, 'cap.1': 15 },
      });
    });

    it('refuses a bad filter, limit or cursor', async () => {
      const log = new PostgresAuditLog(where());
      await expect(log.query({ tenant: 'x' } as never)).rejects.toThrow(/unknown filter `tenant`/);
      await expect(log.query({ since: 'yesterday' })).rejects.toThrow(/`since` must be a valid date/);
      await expect(log.page({ cursor: 'nope' })).rejects.toThrow(/is not a cursor of this log/);
      await expect(log.tail(0)).rejects.toThrow(/`count` must be an integer/);
    });

    it('verifies each stream, and finds an edited record, an edited column, a removed record and a cut head', async () => {
      const log = new PostgresAuditLog(where());
      await expect(log.verify({ stream })).resolves.toStrictEqual([
        { stream, ok: true, records: 30, lastSeq: 30, problems: [] },
      ]);
      const table = `"${db().schema}".audit_records`;
      await db().pool.query(
        `UPDATE ${table} SET event_json = replace(event_json, 'allowed', 'denied') WHERE stream = $1 AND seq = 2`,
        [stream],
      );
      await db().pool.query(`UPDATE ${table} SET tenant_id = 'other' WHERE stream = $1 AND seq = 5`, [stream]);
      await db().pool.query(`DELETE FROM ${table} WHERE stream = $1 AND seq = 9`, [stream]);
      await db().pool.query(`DELETE FROM ${table} WHERE stream = $1 AND seq = 30`, [stream]);
      const [result] = await log.verify({ stream });
      expect(result?.ok).toBe(false);
      expect(result?.problems.map((problem) => [problem.seq, problem.kind])).toStrictEqual([
        [2, 'edited'],
        [5, 'edited'],
        [10, 'removed'],
        [0, 'truncated'],
      ]);
    });
  });

  it('fails typed when the database cannot be reached', async () => {
    const log = new PostgresAuditLog({ connectionString: NOWHERE, timeoutMs: 2_000 });
    await expect(log.query({})).rejects.toMatchObject({ code: 'AUDIT_READ_FAILED', details: { kind: 'connection' } });
    await log.close();
  });
});
