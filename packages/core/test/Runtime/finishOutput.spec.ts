import { InMemoryApprovalStore } from '@brane/approvals';
import { Decision } from '@brane/decisions';
import { BraneError, type ApprovalRequiredError } from '@brane/errors';
import { Runtime } from '@brane/core';

interface Card {
  readonly owner: string;
  readonly note: string;
  /** A copy of the card as text, as an MCP result keeps one of its structured content. */
  copy?: string;
}

const card = (): Card => ({ owner: 'ana@example.com', note: 'hi', copy: '{"owner":"ana@example.com","note":"hi"}' });

/** Writes the copy again from what the policies left, and notes each call. */
function recopy(calls: [unknown, unknown][]) {
  return (raw: unknown, final: unknown): unknown => {
    calls.push([raw, final]);
    const { owner, note } = final as Card;
    return { ...(final as Card), copy: JSON.stringify({ owner, note }) };
  };
}

describe('finishOutput: what the policies left of an output, finished by its capability', () => {
  it('runs after the after-policies of a sync call, with the raw and the redacted output', () => {
    const runtime = new Runtime();
    const calls: [unknown, unknown][] = [];
    const read = runtime.capability({ name: 'read', finishOutput: recopy(calls) }, card);
    runtime.afterCapability('read', { name: 'hide' }, () => Decision.redact(['owner']));

    const result = read();

    expect(result).toStrictEqual({ owner: '[REDACTED]', note: 'hi', copy: '{"owner":"[REDACTED]","note":"hi"}' });
    expect(calls).toHaveLength(1);
    expect((calls[0]?.[0] as Card).owner).toBe('ana@example.com');
  });

  it('runs after an async after-policy of an async call, and after a before-policy redaction alone', async () => {
    const runtime = new Runtime();
    const calls: [unknown, unknown][] = [];
    const late = runtime.capability({ name: 'late', async: true, finishOutput: recopy(calls) }, () =>
      Promise.resolve(card()),
    );
    const early = runtime.capability({ name: 'early', async: true, finishOutput: recopy(calls) }, () =>
      Promise.resolve(card()),
    );
    runtime.afterCapability('late', { name: 'hide' }, () => Promise.resolve(Decision.redact(['owner'])));
    runtime.beforeCapability('early', { name: 'hide_early' }, () => Decision.redact(['owner']));

    for (const call of [late, early]) {
      expect(JSON.parse((await call()).copy ?? '')).toStrictEqual({ owner: '[REDACTED]', note: 'hi' });
    }
    expect(calls).toHaveLength(2);
  });

  it('runs on runtime.resume of an approved call, and in a session', async () => {
    const runtime = new Runtime({ approvals: { store: new InMemoryApprovalStore() } });
    const calls: [unknown, unknown][] = [];
    const read = runtime.capability({ name: 'read', async: true, finishOutput: recopy(calls) }, () =>
      Promise.resolve(card()),
    );
    runtime.beforeCapability('read', { name: 'ask' }, (ctx) =>
      ctx.approval === undefined
        ? Decision.requireApproval({ approverGroup: 'ops', reason: 'read' })
        : Decision.allow(),
    );
    runtime.afterCapability('read', { name: 'hide' }, () => Decision.redact(['owner']));
    const { approvalId } = (await read().catch((error: unknown) => error)) as ApprovalRequiredError;
    await runtime.approvals.approve(approvalId, { approver: { id: 'sam', groups: ['ops'] } });

    const resumed = (await runtime.withContext({ sessionId: 'session_1' }, () => runtime.resume(approvalId))) as Card;

    expect(resumed.copy).toBe('{"owner":"[REDACTED]","note":"hi"}');
    expect(calls).toHaveLength(1);
  });

  it('is not called when the policies left the output as it was', async () => {
    const runtime = new Runtime();
    const calls: [unknown, unknown][] = [];
    const same = card();
    const read = runtime.capability({ name: 'read', async: true, finishOutput: recopy(calls) }, () =>
      Promise.resolve(same),
    );
    runtime.afterCapability('read', { name: 'look' }, () => Decision.allow());

    expect(await read()).toBe(same);
    expect(calls).toHaveLength(0);
  });

  it('fails the call with what it throws, and is kept from the policies', async () => {
    const runtime = new Runtime();
    const refused = new BraneError('INVALID_ARGUMENT', 'cannot finish');
    const seen: boolean[] = [];
    const read = runtime.capability(
      {
        name: 'read',
        async: true,
        finishOutput: () => {
          throw refused;
        },
      },
      () => Promise.resolve(card()),
    );
    runtime.afterCapability('read', { name: 'hide' }, (ctx) => {
      seen.push('finishOutput' in ctx.capability);
      return Decision.redact(['owner']);
    });

    await expect(read()).rejects.toBe(refused);
    expect(seen).toStrictEqual([false]);
  });

  it('must be a function', () => {
    const runtime = new Runtime();
    expect(() => runtime.capability({ name: 'read', finishOutput: 'copy' as never }, card)).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error,
    );
  });
});
