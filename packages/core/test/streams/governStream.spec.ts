// Streaming capabilities (issue 12, finding 2): the body runs inside its action, each chunk is governed.
import { MemoryAuditSink, isActionRecord, type ActionRecord } from '@brane/audit';
import { Capability, Runtime, currentAction, sandboxFetch } from '@brane/core';
import { MAX_POLICY_OUTCOMES } from '../../src/audit/ActionRecordView';
import { Decision } from '@brane/decisions';
import { CapabilityDeniedError, ConfigurationError, SandboxTimeoutError, SandboxViolationError } from '@brane/errors';
import type { PolicyContext } from '@brane/policy-engine';

function setup() {
  const sink = new MemoryAuditSink();
  const runtime = new Runtime({ agentId: 'a', tenantId: 't', principalId: 'p', audit: { sinks: [sink] } });
  const completions = (): ActionRecord[] =>
    sink.events.filter((event): event is ActionRecord => isActionRecord(event) && event.phase === 'completed');
  return { runtime, sink, completions };
}

/** The governed stream of a decorated `function*` method, typed as what it is. */
function streamOf<T>(generator: Generator<T>): AsyncGenerator<T> {
  return generator as unknown as AsyncGenerator<T>;
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

class Exporter {
  readonly seen: (string | undefined)[] = [];

  @Capability({ name: 'export_rows', stream: true })
  async *rows(count: number): AsyncGenerator<string> {
    for (let i = 0; i < count; i++) {
      this.seen.push(currentAction()?.capability.name);
      await Promise.resolve();
      yield `row ${i}`;
    }
  }

  // A decorator cannot change a method's declared type: a `function*` still says Generator, but the governed
  // method returns an async generator (see `streamOf`); `async *` methods are typed exactly.
  @Capability({ name: 'count', stream: true })
  *count(to: number): Generator<number> {
    for (let i = 1; i <= to; i++) {
      this.seen.push(currentAction()?.capability.name);
      yield i;
    }
  }

  @Capability({ name: 'web', stream: true })
  web(parts: readonly string[]): ReadableStream<string> {
    const action = currentAction()?.capability.name;
    return new ReadableStream({
      pull: (controller) => {
        this.seen.push(action);
        const next = parts[this.seen.length - 1];
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
  }
}

describe('a streaming capability', () => {
  it('runs its body inside its action, chunk by chunk, for each shape of stream', async () => {
    const { runtime, completions } = setup();
    const agent = runtime.govern(new Exporter());
    await expect(collect(agent.rows(3))).resolves.toStrictEqual(['row 0', 'row 1', 'row 2']);
    await expect(collect(streamOf(agent.count(2)))).resolves.toStrictEqual([1, 2]);
    expect(agent.seen).toStrictEqual(['export_rows', 'export_rows', 'export_rows', 'count', 'count']);
    agent.seen.length = 0;
    await expect(collect(agent.web(['a', 'b']))).resolves.toStrictEqual(['a', 'b']);
    expect(agent.seen.every((name) => name === 'web')).toBe(true);
    expect(completions().map((event) => event.outcome)).toStrictEqual(['allowed', 'allowed', 'allowed']);
  });

  it('runs its before-policies before the first chunk, and a deny runs no body', async () => {
    const { runtime, completions } = setup();
    const agent = runtime.govern(new Exporter());
    runtime.beforeCapability('export_rows', { name: 'no_exports' }, () => Decision.deny('no exports'));
    const stream = agent.rows(2);
    expect(agent.seen).toStrictEqual([]);
    await expect(stream.next()).rejects.toMatchObject({ stage: 'before', reason: 'no exports' });
    expect(agent.seen).toStrictEqual([]);
    expect(completions()).toMatchObject([{ outcome: 'denied', stage: 'before' }]);
  });

  it('shows each chunk to the after-policies with its index and the stream so far', async () => {
    const { runtime } = setup();
    const agent = runtime.govern(new Exporter());
    const views: unknown[] = [];
    runtime.afterCapability('count', { name: 'watch' }, (ctx: PolicyContext) => {
      views.push({
        output: ctx.output,
        index: ctx.chunkIndex,
        chunks: ctx.stream?.chunks,
        delivered: ctx.stream?.delivered,
      });
      return Decision.transformOutput({ replace: (ctx.output as number) * 10 });
    });
    await expect(collect(streamOf(agent.count(3)))).resolves.toStrictEqual([10, 20, 30]);
    expect(views).toStrictEqual([
      { output: 1, index: 0, chunks: [], delivered: 0 },
      { output: 2, index: 1, chunks: [10], delivered: 1 },
      { output: 3, index: 2, chunks: [10, 20], delivered: 2 },
    ]);
  });

  it('ends with CapabilityDeniedError at stage after when a chunk is denied, delivering none from it on', async () => {
    const { runtime, completions } = setup();
    const agent = runtime.govern(new Exporter());
    runtime.afterCapability('export_rows', { name: 'no_row_2' }, (ctx) =>
      ctx.output === 'row 2' ? Decision.deny('row 2 is secret') : Decision.allow(),
    );
    const received: string[] = [];
    const error = await (async () => {
      for await (const row of agent.rows(5)) received.push(row);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CapabilityDeniedError);
    expect(error).toMatchObject({ stage: 'after', reason: 'row 2 is secret' });
    expect(received).toStrictEqual(['row 0', 'row 1']);
    expect(agent.seen).toHaveLength(3);
    expect(completions()).toMatchObject([{ outcome: 'denied', stage: 'after', reason: 'row 2 is secret' }]);
  });

  it('applies a redaction to every chunk', async () => {
    const { runtime } = setup();
    const tokens = runtime.capability({ name: 'tokens', stream: true }, async function* () {
      yield { text: 'hi', card: '4111' };
      yield { text: 'there', card: '4242' };
    });
    runtime.beforeCapability('tokens', { name: 'redact' }, () => Decision.redact(['card']));
    const chunks = await collect(tokens());
    expect(chunks.map((chunk) => chunk.text)).toStrictEqual(['hi', 'there']);
    expect(chunks.map((chunk) => chunk.card)).not.toContain('4111');
    expect(chunks.map((chunk) => chunk.card)).not.toContain('4242');
  });

  it('closes the body and records the action as cancelled when the consumer stops early', async () => {
    const { runtime, completions } = setup();
    let closedInside: string | undefined;
    const rows = runtime.capability({ name: 'rows', stream: true }, async function* () {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closedInside = currentAction()?.capability.name;
      }
    });
    for await (const row of rows()) if (row === 2) break;
    expect(closedInside).toBe('rows');
    expect(completions()).toMatchObject([
      { outcome: 'cancelled', reason: 'The consumer stopped reading the stream after 3 chunks' },
    ]);
  });

  it('records a body that throws as failed', async () => {
    const { runtime, completions } = setup();
    const rows = runtime.capability({ name: 'rows', stream: true }, async function* () {
      yield 1;
      throw new Error('disk gone');
    });
    await expect(collect(rows())).rejects.toThrow('disk gone');
    expect(completions()).toMatchObject([{ outcome: 'failed', error: { name: 'Error', message: 'disk gone' } }]);
  });

  it('counts a sandbox time limit over the whole stream, and aborts the body', async () => {
    const { runtime, completions } = setup();
    let signal: AbortSignal | undefined;
    const slow = runtime.capability({ name: 'slow', stream: true }, async function* () {
      signal = currentAction()?.signal;
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield 'tick';
      }
    });
    runtime.beforeCapability('slow', { name: 'limit' }, () => Decision.sandbox({ timeoutMs: 40 }));
    const received: string[] = [];
    const error = await (async () => {
      for await (const tick of slow()) received.push(tick);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxTimeoutError);
    expect(received.length).toBeGreaterThan(0);
    expect(signal?.aborted).toBe(true);
    expect(completions()).toMatchObject([{ outcome: 'failed' }]);
  });

  it('holds sandboxFetch in the body to the sandbox hosts', async () => {
    const { runtime } = setup();
    const fetcher = runtime.capability(
      { name: 'fetcher', stream: true, sandbox: { network: true } },
      async function* (url: string) {
        yield 'start';
        yield (await sandboxFetch(url)).status;
      },
    );
    runtime.beforeCapability('fetcher', { name: 'hosts' }, () =>
      Decision.sandbox({ network: { allowHosts: ['api.example.com'] } }),
    );
    const stream = fetcher('https://evil.example.net/steal');
    await expect(stream.next()).resolves.toStrictEqual({ done: false, value: 'start' });
    await expect(stream.next()).rejects.toBeInstanceOf(SandboxViolationError);
  });

  it('makes calls from its body its children, and keeps the identity of the call', async () => {
    const { runtime, completions } = setup();
    const lookup = runtime.capability({ name: 'lookup' }, async (id: number) => `item ${id}`);
    const items = runtime.capability({ name: 'items', stream: true }, async function* (ids: readonly number[]) {
      for (const id of ids) yield await lookup(id);
    });
    const stream = runtime.withContext({ tenantId: 'other', principalId: 'u2' }, () => items([1, 2]));
    await expect(collect(stream)).resolves.toStrictEqual(['item 1', 'item 2']);
    const created = completions();
    const parent = created.find((event) => event.capability === 'items');
    const children = created.filter((event) => event.capability === 'lookup');
    expect(children).toHaveLength(2);
    for (const child of children) expect(child).toMatchObject({ parentActionId: parent?.actionId, tenantId: 'other' });
    expect(parent).toMatchObject({ tenantId: 'other', principalId: 'u2' });
  });

  it('is cancelled when the request signal aborts', async () => {
    const { runtime, completions } = setup();
    const controller = new AbortController();
    const endless = runtime.capability({ name: 'endless', stream: true }, async function* () {
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield 'x';
      }
    });
    const stream = runtime.withContext({ signal: controller.signal }, () => endless());
    await stream.next();
    controller.abort(new Error('client left'));
    await expect(stream.next()).rejects.toThrow('client left');
    expect(completions()).toMatchObject([{ outcome: 'cancelled', reason: 'The request was abandoned after 1 chunk' }]);
  });

  it('refuses a declared stream whose body returns something that is not one', async () => {
    const { runtime } = setup();
    const text = runtime.capability({ name: 'text', stream: true }, () => 'not a stream' as unknown as string[]);
    await expect(text().next()).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('lists at most MAX_POLICY_OUTCOMES policy outcomes in its record and counts the allows past them', async () => {
    const { runtime, completions } = setup();
    const rows = runtime.capability({ name: 'many_rows', stream: true }, async function* () {
      for (let i = 0; i < 200; i++) yield i;
    });
    runtime.afterCapability('many_rows', { name: 'each_row' }, () => Decision.allow());
    await expect(collect(rows())).resolves.toHaveLength(200);
    const [record] = completions();
    expect(record?.policies).toHaveLength(MAX_POLICY_OUTCOMES);
    expect(record?.policiesOmitted).toBe(200 - MAX_POLICY_OUTCOMES);
    expect(record?.outcome).toBe('allowed');
  });
});

describe('a generator capability that is not declared streaming', () => {
  it('is refused when its class is governed, naming the method and the fix', () => {
    class Legacy {
      @Capability({ name: 'rows' })
      async *rows(): AsyncGenerator<number> {
        yield 1;
      }
    }
    const runtime = new Runtime();
    expect(() => runtime.govern(new Legacy())).toThrow(ConfigurationError);
    expect(() => runtime.govern(new Legacy())).toThrow(/Legacy\.rows.*stream: true/);
    expect(thrown(() => runtime.govern(new Legacy()))).toMatchObject({ code: 'INVALID_DECORATOR_USAGE' });
  });

  it('is refused by runtime.capability, for sync and async generators', () => {
    const runtime = new Runtime();
    const error = thrown(() =>
      runtime.capability({ name: 'a' }, function* () {
        yield 1;
      }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'INVALID_OPTIONS' });
    expect((error as Error).message).toMatch(/stream: true/);
    expect(() =>
      runtime.capability({ name: 'b' }, async function* () {
        yield 1;
      }),
    ).toThrow(ConfigurationError);
  });

  it('refuses `stream: true` with `async: false`', () => {
    expect(() => new Runtime().capability({ name: 'c', stream: true, async: false }, () => [1])).toThrow(
      ConfigurationError,
    );
  });
});
