import { Runtime, currentAction } from '@brane/core';
import { ConfigurationError } from '@brane/errors';
import { PostgresAuditLog, PostgresAuditSink } from '@brane/postgres';
import { describeWithDatabase } from './harness/testDatabase';
import { switchablePool } from './harness/switchablePool';

describeWithDatabase('a Runtime auditing into PostgreSQL', (db) => {
  const where = () => ({ pool: db().pool, schema: db().schema });

  it("commits an async capability's decision record before its body runs under durability: 'sync'", async () => {
    const sink = new PostgresAuditSink(where());
    const runtime = new Runtime({ environment: 'test', audit: { sinks: [sink], durability: 'sync' } });
    const seen: string[] = [];
    const refund = runtime.capability({ name: 'refund', risk: 'high' }, async (amount: number) => {
      const actionId = currentAction()?.actionId;
      const { rows } = await db().pool.query(
        `SELECT phase FROM "${db().schema}".audit_records WHERE action_id = $1 AND stream = $2`,
        [actionId, sink.stream],
      );
      seen.push(...rows.map((row: { phase: string }) => row.phase));
      return amount;
    });
    await expect(refund(5)).resolves.toBe(5);
    expect(seen).toStrictEqual(['decided']);
    await runtime.close();
    const log = new PostgresAuditLog(where());
    const records = await log.query({ capability: 'refund' });
    expect(
      records.filter((event) => event.type === 'action').map((event) => (event as { phase: string }).phase),
    ).toEqual(expect.arrayContaining(['decided', 'completed']));
    await expect(log.verify({ stream: sink.stream })).resolves.toMatchObject([{ ok: true, records: 2 }]);
  });

  it("refuses, when governed, a synchronous capability under durability: 'sync' whose sinks cannot write synchronously", () => {
    const runtime = new Runtime({
      environment: 'test',
      audit: { sinks: [new PostgresAuditSink(where())], durability: 'sync' },
    });
    expect(() => runtime.capability({ name: 'lookup' }, (id: string) => id)).toThrow(ConfigurationError);
    expect(() => runtime.capability({ name: 'lookup' }, (id: string) => id)).toThrow(
      /synchronous capability `lookup` has `durability: 'sync'`, but no audit sink can write synchronously/,
    );
    expect(() => runtime.capability({ name: 'asyncLookup' }, async (id: string) => id)).not.toThrow();
    expect(() => runtime.capability({ name: 'lax', durability: 'async' }, (id: string) => id)).not.toThrow();
  });

  const stepRuntime = (state: { down: boolean }, audit: Record<string, unknown>) => {
    const sink = new PostgresAuditSink({ pool: switchablePool(db().pool, state), schema: db().schema });
    const runtime = new Runtime({ environment: 'test', audit: { sinks: [sink], bufferSize: 4, ...audit } });
    const ran: number[] = [];
    const step = runtime.capability({ name: `step_${sink.stream.replace(/\W/g, '_')}` }, async (n: number) => {
      ran.push(n);
      return n;
    });
    return { sink, runtime, ran, step, name: `step_${sink.stream.replace(/\W/g, '_')}` };
  };
  const settled = (call: Promise<unknown>): Promise<string | undefined> =>
    call.then(
      () => 'ran',
      (error: unknown) => (error as { code?: string }).code,
    );
  const recordedArgs = async (capability: string): Promise<number[]> =>
    (await new PostgresAuditLog(where()).query({ capability, outcome: 'allowed' })).map(
      (event) => (event as unknown as { args: { n: number } }).args.n,
    );

  it('blocks (overflow: block) while the database does not answer, and catches up in order when it returns', async () => {
    const state = { down: true };
    const { sink, runtime, ran, step, name } = stepRuntime(state, { overflow: 'block' });
    const calls: Promise<string | undefined>[] = [];
    for (let n = 1; n <= 10; n += 1) {
      calls.push(settled(step(n)));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const early = await Promise.race([
      Promise.all(calls),
      new Promise((resolve) => {
        setTimeout(() => {
          resolve('still waiting');
        }, 200);
      }),
    ]);
    expect(early).toBe('still waiting');
    expect(runtime.auditStats()['postgres']?.consecutiveFailures).toBeGreaterThan(0);
    state.down = false;
    await expect(Promise.all(calls)).resolves.toStrictEqual(Array(10).fill('ran'));
    await runtime.close();
    expect(await recordedArgs(name)).toStrictEqual(ran);
    expect(ran).toHaveLength(10);
    await expect(new PostgresAuditLog(where()).verify({ stream: sink.stream })).resolves.toMatchObject([{ ok: true }]);
  });

  it('denies new actions (overflow: fail-closed) once the queue is full of records the database did not take', async () => {
    const state = { down: true };
    const { sink, runtime, ran, step, name } = stepRuntime(state, { overflow: 'fail-closed' });
    const outcomes: (string | undefined)[] = [];
    const calls: Promise<string | undefined>[] = [];
    for (let n = 1; n <= 10; n += 1) {
      const call = settled(step(n));
      calls.push(call);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    state.down = false;
    outcomes.push(...(await Promise.all(calls)));
    expect(outcomes.filter((outcome) => outcome === 'AUDIT_BUFFER_FULL').length).toBeGreaterThan(0);
    expect(ran.length).toBe(outcomes.filter((outcome) => outcome === 'ran').length);
    // Once the sink has caught up, actions run again.
    while (runtime.auditStats()['postgres']?.queued !== 0) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await expect(settled(step(11))).resolves.toBe('ran');
    await runtime.close();
    expect(await recordedArgs(name)).toStrictEqual(ran);
    await expect(new PostgresAuditLog(where()).verify({ stream: sink.stream })).resolves.toMatchObject([{ ok: true }]);
  });

  it("denies (durability: 'sync') while the database does not answer: the body does not run", async () => {
    const state = { down: false };
    const { sink, runtime, ran, step, name } = stepRuntime(state, { durability: 'sync', overflow: 'fail-closed' });
    await expect(settled(step(1))).resolves.toBe('ran');
    state.down = true;
    const error: unknown = await step(2).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AUDIT_WRITE_FAILED' });
    state.down = false;
    await expect(settled(step(3))).resolves.toBe('ran');
    await runtime.close();
    expect(ran).toStrictEqual([1, 3]);
    expect(await recordedArgs(name)).toStrictEqual([1, 3]);
    await expect(new PostgresAuditLog(where()).verify({ stream: sink.stream })).resolves.toMatchObject([{ ok: true }]);
  });

  it('drops and counts (overflow: drop) while the database does not answer, never holding a call', async () => {
    const state = { down: true };
    const { runtime, step } = stepRuntime(state, { overflow: 'drop' });
    for (let n = 1; n <= 10; n += 1) await expect(settled(step(n))).resolves.toBe('ran');
    expect(runtime.auditStats()['postgres']?.dropped).toBeGreaterThan(0);
    state.down = false;
    await runtime.close();
  });
});
