import { Decision } from '@brane/decisions';
import type { PolicyContext } from '@brane/policy-engine';
import { createPolicyContext, decisionMatchers } from '@brane/testing';

expect.extend(decisionMatchers);

/** Session policies of a support agent, as a user would write and unit-test them. */
const noExfiltration = (ctx: PolicyContext): Decision =>
  ctx.session.has({ label: 'untrusted' }) && ctx.argLabels('body').includes('pii')
    ? Decision.deny('customer data after untrusted content')
    : Decision.allow();
const emailBudget = (ctx: PolicyContext): Decision =>
  ctx.session.count({ capability: 'send_email', within: '1h' }) >= 2
    ? Decision.deny('too many emails')
    : Decision.allow();

const send = { name: 'send_email', params: ['to', 'body'] };

describe('createPolicyContext with a session', () => {
  it('entries, labels and reads: the policy sees them as in a real session', () => {
    const session = {
      entries: [
        { capability: 'read_customer', labels: ['pii'] },
        { capability: 'fetch_page', labels: ['untrusted'] },
      ],
      reads: [{ value: { account: 'GB29-NWBK-6016-1331' }, labels: ['pii'] }],
    };
    const leaking = createPolicyContext(send, ['x@evil.example', 'see GB29-NWBK-6016-1331'], { session });
    expect(noExfiltration(leaking)).toDeny(/untrusted/);
    expect(leaking.session.id).toBe('test-session');
    expect(leaking.sessionId).toBe('test-session');
    expect(leaking.session.last(1)[0]).toMatchObject({ capability: 'fetch_page', outcome: 'succeeded' });
    const clean = createPolicyContext(send, ['x@evil.example', 'hello there'], { session });
    expect(noExfiltration(clean)).toAllow();
  });

  it('argLabels by argument name, whatever the value', () => {
    const ctx = createPolicyContext(
      send,
      { to: 'a@b.example', body: 'anything' },
      {
        session: { labels: ['untrusted'], argLabels: { body: ['pii'] } },
      },
    );
    expect(ctx.argLabels('body')).toStrictEqual(['pii']);
    expect(ctx.argLabels('to')).toStrictEqual([]);
    expect(noExfiltration(ctx)).toDeny();
  });

  it('counts entries within a window', () => {
    const now = Date.now();
    const entry = (minutesAgo: number) => ({ capability: 'send_email', at: now - minutesAgo * 60_000 });
    const recent = createPolicyContext(send, ['a@b.example', 'x'], { session: { entries: [entry(30), entry(5)] } });
    expect(emailBudget(recent)).toDeny();
    const old = createPolicyContext(send, ['a@b.example', 'x'], { session: { entries: [entry(120), entry(5)] } });
    expect(emailBudget(old)).toAllow();
  });

  it('a sessionId alone gives an empty session; no session at all gives none', () => {
    const empty = createPolicyContext(send, ['a', 'b'], { sessionId: 'run_1' });
    expect(empty.session.id).toBe('run_1');
    expect(empty.session.has({ label: 'pii' })).toBe(false);
    expect(createPolicyContext(send, ['a', 'b']).session.id).toBeUndefined();
  });

  it.each([
    [{ entries: [{}] }, /`entries\[0\].capability` must be a non-empty string/],
    [{ entries: [{ capability: 'x', labels: ['Not A Label'] }] }, /entries\[0\]\.labels/],
    [{ argLabels: { subject: ['pii'] } }, /`argLabels` names `subject`, which is not an argument/],
    [{ reads: [{ labels: ['pii'] }] }, /`reads\[0\]` must be \{ value, labels \}/],
    [{ labels: 'pii' }, /session`\.labels/],
  ])('refuses a malformed session %p', (session, message) => {
    expect(() => createPolicyContext(send, ['a', 'b'], { session: session as never })).toThrow(message);
  });
});

it.each([['pii'], [['pii']], [null]])('createPolicyContext refuses a session that is not an object: %p', (session) => {
  expect(() => createPolicyContext(send, ['a', 'b'], { session: session as never })).toThrow(
    /`session`: expected \{ entries, labels, reads, argLabels \}/,
  );
});
