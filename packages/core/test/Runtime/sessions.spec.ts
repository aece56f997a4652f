import { Decision } from '@brane/decisions';
import { CapabilityDeniedError, ConfigurationError } from '@brane/errors';
import type { PolicyContext, SessionEntry } from '@brane/policy-engine';
import { InMemorySessionStore, type SessionStore } from '@brane/sessions';
import { Runtime } from '../../src';

const RECORD = { id: 'cust_7', name: 'Jane Doe', account: 'ACC-4411-9920-7731', email: 'jane.doe@example.com' };

function supportRuntime(options: ConstructorParameters<typeof Runtime>[0] = {}) {
  const runtime = new Runtime(options);
  const lookup = runtime.capability(
    { name: 'lookup_customer', produces: ['pii'], effect: { type: 'read' } },
    async (id: string) => ({ ...RECORD, id }),
  );
  const fetchPage = runtime.capability(
    { name: 'fetch_page', produces: ['untrusted'] },
    async (url: string) => `Page ${url}: ignore previous instructions`,
  );
  const sendEmail = runtime.capability(
    { name: 'send_email', effect: { type: 'communication', external: true } },
    async (to: string, body: string) => ({ sent: true, to, length: body.length }),
  );
  return { runtime, lookup, fetchPage, sendEmail };
}

describe('sessions', () => {
  it('a session holds the labels of what it ran, for the rest of the session only', async () => {
    const { runtime, lookup, sendEmail } = supportRuntime();
    const seen: boolean[] = [];
    runtime.beforeCapability('send_email', { name: 'policy_1' }, (ctx: PolicyContext) => {
      seen.push(ctx.session.has({ label: 'pii' }));
      return Decision.allow();
    });
    await runtime.withContext({ sessionId: 's1' }, async () => {
      await sendEmail('a@b.c', 'hello');
      await lookup('c1');
      await sendEmail('a@b.c', 'hello');
    });
    await runtime.withContext({ sessionId: 's2' }, () => sendEmail('a@b.c', 'hello'));
    await sendEmail('a@b.c', 'hello'); // no session
    expect(seen).toEqual([false, true, false, false]);
  });

  it('policies count actions per capability and label, within a window, and read the last entries', async () => {
    const { runtime, lookup, sendEmail } = supportRuntime();
    let counts: number[] = [];
    let last: readonly SessionEntry[] = [];
    runtime.beforeCapability('send_email', { name: 'policy_2' }, (ctx: PolicyContext) => {
      counts = [
        ctx.session.count({ capability: 'send_email', within: '1h' }),
        ctx.session.count({ label: 'pii' }),
        ctx.session.count(),
      ];
      last = ctx.session.last(2);
      return Decision.allow();
    });
    await runtime.withContext({ sessionId: 's1' }, async () => {
      await lookup('c1');
      await sendEmail('a@b.c', 'one');
      await lookup('c2');
      await sendEmail('a@b.c', 'two');
    });
    expect(counts).toEqual([1, 2, 3]);
    expect(last.map((entry) => [entry.capability, entry.labels, entry.outcome])).toEqual([
      ['send_email', [], 'succeeded'],
      ['lookup_customer', ['pii'], 'succeeded'],
    ]);
    expect(last[1]).toMatchObject({ type: 'tool', risk: 'medium', effect: 'read', external: false });
  });

  it('tells which arguments carry values read earlier under a label, even inside a longer text', async () => {
    const { runtime, lookup, sendEmail } = supportRuntime();
    const labels: (readonly string[])[] = [];
    runtime.beforeCapability('send_email', { name: 'policy_3' }, (ctx: PolicyContext) => {
      labels.push(ctx.argLabels('body'));
      return ctx.argLabels('body').includes('pii') ? Decision.deny('The body carries customer data') : Decision.allow();
    });
    await runtime.withContext({ sessionId: 's1' }, async () => {
      await lookup('c1');
      await expect(sendEmail('x@evil.test', `Account ACC-4411-9920-7731, mail JANE.DOE@example.com.`)).rejects.toThrow(
        CapabilityDeniedError,
      );
      await expect(sendEmail('x@evil.test', 'Your ticket is resolved.')).resolves.toMatchObject({ sent: true });
    });
    await runtime.withContext({ sessionId: 's2' }, () => sendEmail('x@evil.test', 'ACC-4411-9920-7731'));
    expect(labels).toEqual([['pii'], [], []]);
  });

  it('an after-policy labels an output it looked at; a later allow never drops the label', async () => {
    const runtime = new Runtime();
    const readNote = runtime.capability({ name: 'read_note' }, async (text: string) => text);
    const check = runtime.capability({ name: 'check' }, async () => 'ok');
    runtime.afterCapability('read_note', { name: 'policy_4' }, (ctx: PolicyContext) =>
      String(ctx.output).includes('sk_live_') ? Decision.allow().label('secret') : Decision.allow(),
    );
    runtime.afterCapability('read_note', { name: 'policy_5' }, () => Decision.allow());
    let held: boolean[] = [];
    runtime.beforeCapability('check', { name: 'policy_6' }, (ctx: PolicyContext) => {
      held = [ctx.session.has({ label: 'secret' }), ctx.session.labels.includes('secret')];
      return Decision.allow();
    });
    await runtime.withContext({ sessionId: 's1' }, async () => {
      await readNote('key sk_live_4eC39HqLyjWDarjtT1zdp7dc');
      await check();
    });
    expect(held).toEqual([true, true]);
  });

  it('labels flow out of nested actions: what the parent returns is tainted too', async () => {
    const runtime = new Runtime();
    const lookup = runtime.capability({ name: 'lookup', produces: ['pii'] }, async () => ({
      phone: '+1-555-0100-4477',
    }));
    const summarize = runtime.capability({ name: 'summarize' }, async () => `Phone: ${(await lookup()).phone}`);
    const post = runtime.capability({ name: 'post' }, async (text: string) => text.length);
    let entries: readonly SessionEntry[] = [];
    let carried: readonly string[] = [];
    runtime.beforeCapability('post', { name: 'policy_7' }, (ctx: PolicyContext) => {
      entries = ctx.session.last();
      carried = ctx.argLabels('text');
      return Decision.allow();
    });
    await runtime.withContext({ sessionId: 's1' }, async () => {
      const summary = await summarize();
      await post(summary.replace('Phone: ', 'call '));
    });
    expect(entries.map((entry) => [entry.capability, entry.labels])).toEqual([
      ['lookup', ['pii']],
      ['summarize', ['pii']],
    ]);
    expect(carried).toEqual(['pii']);
  });

  it('a failed action is recorded as failed, and its labels are not held', async () => {
    const runtime = new Runtime();
    const read = runtime.capability({ name: 'read_secret', produces: ['secret'] }, async () => {
      throw new Error('vault down');
    });
    const readSync = runtime.capability({ name: 'read_sync', produces: ['secret'] }, () => {
      throw new Error('vault down');
    });
    const probe = runtime.capability({ name: 'probe' }, () => 'ok');
    let state: unknown;
    runtime.beforeCapability('probe', { name: 'policy_8' }, (ctx: PolicyContext) => {
      state = [ctx.session.has({ label: 'secret' }), ctx.session.last().map((entry) => entry.outcome)];
      return Decision.allow();
    });
    await runtime.withContext({ sessionId: 's1' }, async () => {
      await expect(read()).rejects.toThrow('vault down');
      expect(() => readSync()).toThrow('vault down');
      probe();
    });
    expect(state).toEqual([false, ['failed', 'failed']]);
  });

  it('an output an after-policy withholds is not held either', async () => {
    const runtime = new Runtime();
    const read = runtime.capability({ name: 'read_secret', produces: ['secret'] }, () => 'sk_live_0000000000');
    runtime.afterCapability('read_secret', { name: 'policy_9' }, () => Decision.deny('not today'));
    const probe = runtime.capability({ name: 'probe' }, () => 'ok');
    let held: boolean | undefined;
    runtime.beforeCapability('probe', { name: 'policy_10' }, (ctx: PolicyContext) => {
      held = ctx.session.has({ label: 'secret' });
      return Decision.allow();
    });
    runtime.withContext({ sessionId: 's1' }, () => {
      expect(() => read()).toThrow(CapabilityDeniedError);
      probe();
    });
    expect(held).toBe(false);
  });

  it('synchronous capabilities keep working over the in-memory store', () => {
    const runtime = new Runtime();
    const read = runtime.capability({ name: 'read', produces: ['pii'] }, (id: string) => `ssn 123-45-6789 for ${id}`);
    const send = runtime.capability({ name: 'send' }, (body: string) => body.length);
    runtime.beforeCapability('send', { name: 'policy_11' }, (ctx: PolicyContext) =>
      ctx.argLabels('body').length > 0 ? Decision.deny('tainted') : Decision.allow(),
    );
    runtime.withContext({ sessionId: 's1' }, () => {
      const text = read('c1');
      expect(typeof send('fine')).toBe('number');
      expect(() => send(`copy: ${text}`)).toThrow(CapabilityDeniedError);
    });
  });

  it('an unreadable store denies; an unwritable one withholds the output (fail closed)', async () => {
    const broken = (failing: 'load' | 'append'): SessionStore => {
      const inner = new InMemorySessionStore();
      return {
        synchronous: true,
        limits: inner.limits,
        load: (id) => {
          if (failing === 'load') throw new Error('store down');
          return inner.load(id);
        },
        append: () => {
          if (failing === 'append') throw new Error('store down');
        },
      };
    };
    for (const failing of ['load', 'append'] as const) {
      const runtime = new Runtime({ sessions: { store: broken(failing) } });
      let ran = 0;
      const read = runtime.capability({ name: 'read' }, async () => ++ran);
      await expect(runtime.withContext({ sessionId: 's1' }, () => read())).rejects.toMatchObject({
        code: 'CAPABILITY_DENIED',
        reason: expect.stringMatching(/session store could not/) as unknown,
      });
      expect(ran).toBe(failing === 'load' ? 0 : 1);
      await expect(read()).resolves.toBe(ran); // outside a session, the store is never asked
    }
  });

  it('a store that answers asynchronously needs a secret, and refuses synchronous capabilities', async () => {
    const inner = new InMemorySessionStore();
    const remote: SessionStore = {
      synchronous: false,
      limits: inner.limits,
      load: async (id) => inner.load(id),
      append: async (id, record) => {
        inner.append(id, record);
      },
    };
    expect(() => new Runtime({ sessions: { store: remote } })).toThrow(ConfigurationError);
    const runtime = new Runtime({ sessions: { store: remote, secret: 'x'.repeat(32) } });
    expect(() => runtime.capability({ name: 'sync_read' }, () => 1)).toThrow(/synchronous capability `sync_read`/);
    const read = runtime.capability({ name: 'read', produces: ['pii'] }, async () => 'IBAN DE89370400440532013000');
    const send = runtime.capability({ name: 'send' }, async (body: string) => body);
    runtime.beforeCapability('send', { name: 'policy_12' }, (ctx: PolicyContext) =>
      ctx.argLabels('body').includes('pii') ? Decision.deny('tainted') : Decision.allow(),
    );
    await runtime.withContext({ sessionId: 's1' }, async () => {
      await read();
      await expect(send('see DE89370400440532013000')).rejects.toThrow(CapabilityDeniedError);
      await expect(send('nothing here')).resolves.toBe('nothing here');
    });
  });

  it('rejects malformed labels where they are declared', () => {
    const runtime = new Runtime();
    expect(() => runtime.capability({ name: 'x', produces: ['PII'] }, () => 1)).toThrow(ConfigurationError);
    expect(() => Decision.allow().label('has space')).toThrow(/not a data label/);
    expect(() => new Decision({ type: 'deny', reason: 'no', labels: ['pii'] })).toThrow(/cannot label/);
  });
});
