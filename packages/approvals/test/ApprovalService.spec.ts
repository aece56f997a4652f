import {
  ApprovalService,
  InMemoryApprovalStore,
  type ApprovalBinding,
  type ApprovalRecord,
  type ApprovalStore,
  type NewApproval,
} from '@brane/approvals';
import { ApprovalError, ApprovalExpiredError, ApprovalRejectedError, BraneError } from '@brane/errors';
import { SECRET, T0, newApproval } from './fixtures/records';

const ID = newApproval().id;

function bindingOf(init: NewApproval): ApprovalBinding {
  return { capability: init.capability, args: init.args, tenantId: init.tenantId, principalId: init.principalId };
}

/** A service on an in-memory store with a clock the test moves. */
function setup(options: { pollIntervalMs?: number } = {}) {
  const clock = { now: T0 };
  const store = new InMemoryApprovalStore();
  const service = new ApprovalService({ store, secret: SECRET, now: () => clock.now, ...options });
  return { clock, store, service };
}

/** Writes `change` over the stored record, as someone with access to the store but not the secret would. */
async function tamper(
  store: ApprovalStore,
  change: (record: ApprovalRecord) => Record<string, unknown>,
): Promise<void> {
  const stored = (await store.get(ID))!;
  expect(await store.update({ ...stored, ...change(stored) }, stored.seal)).toBe(true);
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(BraneError);
  await expect(promise).rejects.toMatchObject({ code });
}

describe('ApprovalService', () => {
  describe('lifecycle', () => {
    it('requests, approves, claims once and completes, resealing every step', async () => {
      const { clock, store, service } = setup();

      const requested = await service.request(newApproval());
      expect(requested).toMatchObject({
        id: ID,
        status: 'pending',
        requestedAt: '2023-11-14T22:13:20.000Z',
        expiresAt: '2023-11-14T22:14:20.000Z',
      });
      expect(service.state(requested)).toBe('pending');
      await expect(store.get(ID)).resolves.toStrictEqual(requested);

      clock.now += 1_000;
      const approved = await service.approve(ID, { approver: 'alice', comment: 'ok' });
      expect(approved).toMatchObject({
        status: 'approved',
        decision: { outcome: 'approved', by: 'alice', at: '2023-11-14T22:13:21.000Z', comment: 'ok' },
      });

      clock.now += 1_000;
      const claimed = await service.claim(ID, bindingOf(newApproval()));
      expect(claimed).toMatchObject({ status: 'executing', execution: { claimedAt: '2023-11-14T22:13:22.000Z' } });

      clock.now += 1_000;
      const completed = await service.complete(ID, { outcome: 'succeeded' });
      expect(completed.status).toBe('completed');
      expect(completed.execution).toStrictEqual({
        claimedAt: '2023-11-14T22:13:22.000Z',
        completedAt: '2023-11-14T22:13:23.000Z',
        outcome: 'succeeded',
      });
      expect(completed.decision).toStrictEqual(approved.decision);

      expect(new Set([requested.seal, approved.seal, claimed.seal, completed.seal]).size).toBe(4);
      await expect(service.get(ID)).resolves.toStrictEqual(completed);
      await expect(store.get(ID)).resolves.toStrictEqual(completed);
    });

    it('records a failed execution with its error; the approval stays used', async () => {
      const { service } = setup();
      await service.request(newApproval());
      await service.approve(ID, { approver: 'alice' });
      await service.claim(ID, bindingOf(newApproval()));

      const completed = await service.complete(ID, { outcome: 'failed', error: 'gateway timeout' });

      expect(completed.execution).toMatchObject({ outcome: 'failed', error: 'gateway timeout' });
      await expectCode(service.claim(ID, bindingOf(newApproval())), 'APPROVAL_ALREADY_USED');
    });

    it('returns records the caller can mutate without changing the store', async () => {
      const { service } = setup();
      const requested = (await service.request(newApproval())) as unknown as { args: Record<string, unknown> };
      requested.args['amount'] = 1;

      await expect(service.get(ID)).resolves.toMatchObject({ args: { amount: 900 } });
    });

    it('refuses a second request with the same id', async () => {
      const { service } = setup();
      await service.request(newApproval());

      await expectCode(service.request(newApproval({ capability: 'other' })), 'APPROVAL_STORE_FAILED');
      await expect(service.get(ID)).resolves.toMatchObject({ capability: 'payments.refund' });
    });

    it('refuses a request that is not JSON data, naming the path, and stores nothing', async () => {
      const { service } = setup();

      await expect(service.request(newApproval({ args: { customer: { createdAt: new Date(0) } } }))).rejects.toThrow(
        '`args.customer.createdAt` is a Date',
      );
      await expect(service.list()).resolves.toStrictEqual([]);
    });
  });

  describe('get and list', () => {
    it('get: APPROVAL_NOT_FOUND for an unknown id, INVALID_ARGUMENT for an invalid one', async () => {
      const { service } = setup();

      await expectCode(service.get(ID), 'APPROVAL_NOT_FOUND');
      await expectCode(service.get('../secret.key'), 'INVALID_ARGUMENT');
    });

    it('list: every record by id, filtered by state, capability and tenant', async () => {
      const { clock, service } = setup();
      await service.request(newApproval({ id: 'c', expiresInMs: 10_000 }));
      await service.request(newApproval({ id: 'a', capability: 'users.delete' }));
      await service.request(newApproval({ id: 'b', tenantId: 'globex' }));
      await service.approve('b', { approver: 'alice' });
      clock.now += 10_000;

      const ids = async (filter?: Parameters<ApprovalService['list']>[0]) =>
        (await service.list(filter)).map((r) => r.id);
      await expect(ids()).resolves.toStrictEqual(['a', 'b', 'c']);
      await expect(ids({ state: 'expired' })).resolves.toStrictEqual(['c']);
      await expect(ids({ state: 'pending' })).resolves.toStrictEqual(['a']);
      await expect(ids({ state: 'approved' })).resolves.toStrictEqual(['b']);
      await expect(ids({ capability: 'payments.refund' })).resolves.toStrictEqual(['b', 'c']);
      await expect(ids({ tenantId: 'acme' })).resolves.toStrictEqual(['a', 'c']);
      await expect(ids({ capability: 'payments.refund', tenantId: 'acme' })).resolves.toStrictEqual(['c']);
      await expect(service.list({ state: 'gone' as 'pending' })).rejects.toThrow(
        /`filter\.state` must be pending, approved/,
      );
    });
  });

  describe('expiry', () => {
    it('a pending approval expires at expiresAt: it can no longer be approved, rejected or claimed', async () => {
      const { clock, service } = setup();
      const record = await service.request(newApproval());

      clock.now = Date.parse(record.expiresAt) - 1;
      expect(service.state(record)).toBe('pending');
      clock.now += 1;
      expect(service.state(record)).toBe('expired');

      await expect(service.approve(ID, { approver: 'alice' })).rejects.toBeInstanceOf(ApprovalExpiredError);
      await expect(service.reject(ID, { approver: 'alice' })).rejects.toBeInstanceOf(ApprovalExpiredError);
      await expect(service.claim(ID, bindingOf(newApproval()))).rejects.toMatchObject({
        code: 'APPROVAL_EXPIRED',
        approvalId: ID,
        capability: 'payments.refund',
        expiresAt: record.expiresAt,
      });
      await expect(service.get(ID)).resolves.toMatchObject({ status: 'pending' });
    });

    it('an approved approval not claimed in time expires too', async () => {
      const { clock, service } = setup();
      await service.request(newApproval());
      await service.approve(ID, { approver: 'alice' });
      clock.now += 60_000;

      await expect(service.claim(ID, bindingOf(newApproval()))).rejects.toBeInstanceOf(ApprovalExpiredError);
    });

    it('a claimed approval can still be completed after expiresAt', async () => {
      const { clock, service } = setup();
      await service.request(newApproval());
      await service.approve(ID, { approver: 'alice' });
      await service.claim(ID, bindingOf(newApproval()));
      clock.now += 3_600_000;

      await expect(service.complete(ID, { outcome: 'succeeded' })).resolves.toMatchObject({ status: 'completed' });
    });
  });

  describe('decisions', () => {
    it('a rejected approval is never claimed: ApprovalRejectedError with who and why', async () => {
      const { service } = setup();
      await service.request(newApproval());
      const rejected = await service.reject(ID, { approver: 'bob', comment: 'too large' });
      expect(rejected).toMatchObject({
        status: 'rejected',
        decision: { outcome: 'rejected', by: 'bob', comment: 'too large' },
      });

      const claim = service.claim(ID, bindingOf(newApproval()));

      await expect(claim).rejects.toBeInstanceOf(ApprovalRejectedError);
      await expect(claim).rejects.toMatchObject({
        rejectedBy: 'bob',
        comment: 'too large',
        rejectedAt: '2023-11-14T22:13:20.000Z',
      });
    });

    it.each([
      ['approve after approve', 'approve', 'approve', /already approved by alice/],
      ['reject after approve', 'approve', 'reject', /already approved by alice/],
      ['approve after reject', 'reject', 'approve', /already rejected by alice/],
      ['reject after reject', 'reject', 'reject', /already rejected by alice/],
    ] as const)('%s: APPROVAL_ALREADY_DECIDED, and the first decision stands', async (_, first, second, message) => {
      const { service } = setup();
      await service.request(newApproval());
      const decided = await service[first](ID, { approver: 'alice' });

      await expectCode(service[second](ID, { approver: 'carol' }), 'APPROVAL_ALREADY_DECIDED');
      await expect(service[second](ID, { approver: 'carol' })).rejects.toThrow(message);
      await expect(service.get(ID)).resolves.toStrictEqual(decided);
    });

    it('deciding a claimed approval: APPROVAL_ALREADY_DECIDED', async () => {
      const { service } = setup();
      await service.request(newApproval());
      await service.approve(ID, { approver: 'alice' });
      await service.claim(ID, bindingOf(newApproval()));

      await expectCode(service.reject(ID, { approver: 'bob' }), 'APPROVAL_ALREADY_DECIDED');
    });

    it('distinctApprover: the principal may neither approve nor reject their own action; anyone else may', async () => {
      const { service } = setup();
      await service.request(newApproval({ request: { approverGroups: ['ops'], reason: 'r', distinctApprover: true } }));

      for (const decide of ['approve', 'reject'] as const) {
        const attempt = service[decide](ID, { approver: 'user_7' });
        await expect(attempt).rejects.toBeInstanceOf(ApprovalError);
        await expect(attempt).rejects.toMatchObject({ code: 'APPROVER_NOT_ALLOWED', details: { approver: 'user_7' } });
      }
      await expect(service.get(ID)).resolves.toMatchObject({ status: 'pending' });
      await expect(service.approve(ID, { approver: 'alice' })).resolves.toMatchObject({ status: 'approved' });
    });

    it('without distinctApprover, the principal may approve their own action', async () => {
      const { service } = setup();
      await service.request(newApproval());

      await expect(service.approve(ID, { approver: 'user_7' })).resolves.toMatchObject({ decision: { by: 'user_7' } });
    });

    it.each<[string, unknown, RegExp]>([
      ['no input', undefined, /`input` must be an object/],
      ['an empty approver', { approver: '' }, /`input\.approver` must be a non-blank string/],
      ['a numeric approver', { approver: 7 }, /`input\.approver` must be a typed name or an approver identity/],
      ['a non-string comment', { approver: 'alice', comment: 5 }, /`input\.comment` must be a string/],
    ])('refuses %s with INVALID_ARGUMENT', async (_, input, message) => {
      const { service } = setup();
      await service.request(newApproval());

      await expect(service.approve(ID, input as { approver: string })).rejects.toThrow(message);
      await expect(service.get(ID)).resolves.toMatchObject({ status: 'pending' });
    });

    it('records who decided and how: a vouched identity with its groups, or a typed name', async () => {
      const { service } = setup();
      await service.request(newApproval());
      await service.request(newApproval({ id: '01HZX0000000000000000000BB' }));
      const maria = { id: 'maria', groups: ['support', 'finance-ops'], authenticatedBy: 'oidc:https://login.example' };

      const vouched = await service.approve(ID, { approver: maria, comment: 'known' });
      const typed = await service.reject('01HZX0000000000000000000BB', { approver: 'bob' });

      expect(vouched.decision).toStrictEqual({
        outcome: 'approved',
        by: 'maria',
        authenticated: true,
        authenticatedBy: 'oidc:https://login.example',
        groups: ['finance-ops'],
        at: '2023-11-14T22:13:20.000Z',
        comment: 'known',
      });
      expect(typed.decision).toStrictEqual({
        outcome: 'rejected',
        by: 'bob',
        authenticated: false,
        groups: [],
        at: '2023-11-14T22:13:20.000Z',
      });
      await expect(service.get(ID)).resolves.toStrictEqual(vouched); // sealed with the rest
    });

    it('refuses a vouched approver outside the approver groups, and keeps the request pending', async () => {
      const { service } = setup();
      await service.request(newApproval());
      const sam = { id: 'sam', groups: ['support'] };

      for (const decide of ['approve', 'reject'] as const) {
        await expectCode(service[decide](ID, { approver: sam }), 'APPROVER_NOT_ALLOWED');
      }
      await expect(service.get(ID)).resolves.toMatchObject({ status: 'pending' });
    });

    it('checks who may decide before the state: an approver who may not learns nothing of the decision', async () => {
      const { service } = setup();
      await service.request(newApproval());
      await service.approve(ID, { approver: { id: 'maria', groups: ['finance-ops'] } });

      const attempt = service.reject(ID, { approver: { id: 'sam', groups: ['support'] } });
      await expectCode(attempt, 'APPROVER_NOT_ALLOWED');
      await expect(attempt).rejects.not.toThrow(/maria/);
    });

    it('exactly one of an approve and a reject racing wins; the other learns who won', async () => {
      const { service } = setup();
      await service.request(newApproval());

      const results = await Promise.allSettled([
        service.approve(ID, { approver: 'alice' }),
        service.reject(ID, { approver: 'bob' }),
      ]);

      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const loser = results.find((result) => result.status === 'rejected');
      expect(loser?.reason).toMatchObject({ code: 'APPROVAL_ALREADY_DECIDED' });
    });
  });

  describe('claim', () => {
    async function approved(init = newApproval()) {
      const context = setup();
      await context.service.request(init);
      await context.service.approve(init.id, { approver: 'alice' });
      return context;
    }

    it('is single use: a replayed claim gets APPROVAL_ALREADY_USED', async () => {
      const { service } = await approved();
      await service.claim(ID, bindingOf(newApproval()));

      await expectCode(service.claim(ID, bindingOf(newApproval())), 'APPROVAL_ALREADY_USED');
      await service.complete(ID, { outcome: 'succeeded' });
      await expectCode(service.claim(ID, bindingOf(newApproval())), 'APPROVAL_ALREADY_USED');
    });

    it('refuses a pending approval with APPROVAL_PENDING', async () => {
      const { service } = setup();
      await service.request(newApproval());

      await expectCode(service.claim(ID, bindingOf(newApproval())), 'APPROVAL_PENDING');
    });

    it('lets exactly one of 20 concurrent claims win; the others get APPROVAL_ALREADY_USED', async () => {
      const { service } = await approved();

      const results = await Promise.allSettled(
        Array.from({ length: 20 }, () => service.claim(ID, bindingOf(newApproval()))),
      );

      const won = results.filter((result) => result.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'APPROVAL_ALREADY_USED' });
      }
      await expect(service.get(ID)).resolves.toStrictEqual(won[0]?.value);
    });

    it.each<[string, Partial<ApprovalBinding>]>([
      ['capability', { capability: 'payments.charge' }],
      ['args', { args: { ...newApproval().args, amount: 90_000 } }],
      ['tenantId', { tenantId: 'globex' }],
      ['tenantId', { tenantId: undefined }],
      ['principalId', { principalId: 'user_8' }],
    ])('refuses another %s with APPROVAL_MISMATCH, and the approval stays usable', async (field, change) => {
      const { service } = await approved();

      const claim = service.claim(ID, { ...bindingOf(newApproval()), ...change });

      await expect(claim).rejects.toMatchObject({ code: 'APPROVAL_MISMATCH', details: { fields: [field] } });
      await expect(service.claim(ID, bindingOf(newApproval()))).resolves.toMatchObject({ status: 'executing' });
    });

    it('matches arguments whatever their key order', async () => {
      const { service } = await approved();

      await expect(
        service.claim(ID, {
          ...bindingOf(newApproval()),
          args: { meta: { tags: ['vip'], channel: 'chat' }, amount: 900, customerId: 'cust_1' },
        }),
      ).resolves.toMatchObject({ status: 'executing' });
    });

    it('checks the binding before the state: the wrong call learns nothing about the approval', async () => {
      const { service } = setup();
      await service.request(newApproval());

      await expectCode(service.claim(ID, { ...bindingOf(newApproval()), capability: 'other' }), 'APPROVAL_MISMATCH');
    });
  });

  describe('complete', () => {
    it('refuses an approval that was not claimed, and one already completed', async () => {
      const { service } = setup();
      await service.request(newApproval());
      await expect(service.complete(ID, { outcome: 'succeeded' })).rejects.toThrow(/is `pending`, not `executing`/);
      await service.approve(ID, { approver: 'alice' });
      await expect(service.complete(ID, { outcome: 'succeeded' })).rejects.toThrow(/is `approved`, not `executing`/);
      await service.claim(ID, bindingOf(newApproval()));
      await service.complete(ID, { outcome: 'denied', error: 'a later policy denied it' });

      await expectCode(service.complete(ID, { outcome: 'succeeded' }), 'APPROVAL_ALREADY_USED');
      await expect(service.get(ID)).resolves.toMatchObject({ execution: { outcome: 'denied' } });
    });

    it.each<[unknown, RegExp]>([
      [undefined, /`result` must be an object/],
      [{ outcome: 'ok' }, /`result\.outcome` must be succeeded, failed, denied/],
      [{ outcome: 'failed', error: 42 }, /`result\.error` must be a string/],
    ])('refuses the result %p', async (result, message) => {
      const { service } = setup();

      await expect(service.complete(ID, result as { outcome: 'failed' })).rejects.toThrow(message);
    });
  });

  describe('tampering', () => {
    const everyOperation = (service: ApprovalService): [string, () => Promise<unknown>][] => [
      ['get', () => service.get(ID)],
      ['list', () => service.list()],
      ['approve', () => service.approve(ID, { approver: 'alice' })],
      ['reject', () => service.reject(ID, { approver: 'alice' })],
      ['claim', () => service.claim(ID, bindingOf(newApproval()))],
      ['complete', () => service.complete(ID, { outcome: 'succeeded' })],
      ['waitForDecision', () => service.waitForDecision(ID)],
    ];

    async function expectTampered(service: ApprovalService): Promise<void> {
      for (const [, operation] of everyOperation(service)) {
        await expect(operation()).rejects.toBeInstanceOf(ApprovalError);
        await expect(operation()).rejects.toMatchObject({ code: 'APPROVAL_TAMPERED', approvalId: ID });
      }
    }

    it('detects edited arguments, even when the claim uses the edited ones', async () => {
      const { store, service } = setup();
      await service.request(newApproval());
      await service.approve(ID, { approver: 'alice' });
      await tamper(store, (record) => ({ args: { ...record.args, amount: 90_000 } }));

      await expectCode(
        service.claim(ID, { ...bindingOf(newApproval()), args: { ...newApproval().args, amount: 90_000 } }),
        'APPROVAL_TAMPERED',
      );
      await expectTampered(service);
    });

    it('detects a status flipped from pending to approved, with a forged decision', async () => {
      const { store, service } = setup();
      await service.request(newApproval());
      await tamper(store, (record) => ({
        status: 'approved',
        decision: { outcome: 'approved', by: 'mallory', at: record.requestedAt },
      }));

      await expectTampered(service);
    });

    it('detects a changed approver on a real decision', async () => {
      const { store, service } = setup();
      await service.request(newApproval());
      await service.approve(ID, { approver: 'alice' });
      await tamper(store, (record) => ({ decision: { ...record.decision, by: 'the-cfo' } }));

      await expectTampered(service);
    });

    it('detects an extended expiry', async () => {
      const { store, service } = setup();
      await service.request(newApproval());
      await tamper(store, () => ({ expiresAt: '2999-01-01T00:00:00.000Z' }));

      await expectTampered(service);
    });

    it('detects a record forged from scratch with a made-up seal, naming it in list', async () => {
      const { store, service } = setup();
      const real = await new ApprovalService({
        store: new InMemoryApprovalStore(),
        secret: SECRET,
        now: () => T0,
      }).request(newApproval());
      await store.create({ ...real, status: 'approved', seal: 'f'.repeat(64) });

      await expectTampered(service);
      await expect(service.list()).rejects.toThrow(new RegExp(`Approval ${ID} was altered in the store`));
    });

    it('detects a record sealed with another secret', async () => {
      const { store, service } = setup();
      const other = new ApprovalService({ store, secret: 'a-different-secret-of-at-least-32-bytes', now: () => T0 });
      await other.request(newApproval());

      await expectTampered(service);
    });
  });

  describe('waitForDecision', () => {
    it('resolves with the record once it is approved', async () => {
      const { service } = setup({ pollIntervalMs: 5 });
      await service.request(newApproval());

      const waiting = service.waitForDecision(ID);
      setTimeout(() => void service.approve(ID, { approver: 'alice' }), 30);

      await expect(waiting).resolves.toMatchObject({ status: 'approved', decision: { by: 'alice' } });
    });

    it('rejects with ApprovalRejectedError once it is rejected', async () => {
      const { service } = setup({ pollIntervalMs: 5 });
      await service.request(newApproval());

      const waiting = service.waitForDecision(ID);
      setTimeout(() => void service.reject(ID, { approver: 'bob', comment: 'no' }), 30);

      await expect(waiting).rejects.toBeInstanceOf(ApprovalRejectedError);
      await expect(waiting).rejects.toMatchObject({ rejectedBy: 'bob', comment: 'no' });
    });

    it('rejects with ApprovalExpiredError once it expires undecided', async () => {
      const { clock, service } = setup({ pollIntervalMs: 5 });
      await service.request(newApproval());

      const waiting = service.waitForDecision(ID);
      setTimeout(() => (clock.now += 60_000), 30);

      await expect(waiting).rejects.toBeInstanceOf(ApprovalExpiredError);
    });

    it('rejects with APPROVAL_NOT_FOUND for an unknown id', async () => {
      const { service } = setup({ pollIntervalMs: 5 });

      await expectCode(service.waitForDecision(ID), 'APPROVAL_NOT_FOUND');
    });

    it('rejects with the signal reason when aborted, and leaves no timer behind', async () => {
      jest.useFakeTimers();
      try {
        const { service } = setup({ pollIntervalMs: 1_000 });
        await service.request(newApproval());
        const controller = new AbortController();

        const waiting = service.waitForDecision(ID, { signal: controller.signal });
        await jest.advanceTimersByTimeAsync(2_500); // three reads, now sleeping
        expect(jest.getTimerCount()).toBe(1);
        const reason = new Error('the user closed the chat');
        controller.abort(reason);

        await expect(waiting).rejects.toBe(reason);
        expect(jest.getTimerCount()).toBe(0);
      } finally {
        jest.useRealTimers();
      }
    });

    it('rejects at once with the reason of an already aborted signal', async () => {
      const { service } = setup();
      await service.request(newApproval());

      await expect(service.waitForDecision(ID, { signal: AbortSignal.abort('stop') })).rejects.toBe('stop');
    });

    it('leaves no timer behind once the decision is in', async () => {
      jest.useFakeTimers();
      try {
        const { service } = setup({ pollIntervalMs: 1_000 });
        await service.request(newApproval());
        const waiting = service.waitForDecision(ID);
        await jest.advanceTimersByTimeAsync(1_500);
        await service.approve(ID, { approver: 'alice' });
        await jest.advanceTimersByTimeAsync(1_000);

        await expect(waiting).resolves.toMatchObject({ status: 'approved' });
        expect(jest.getTimerCount()).toBe(0);
      } finally {
        jest.useRealTimers();
      }
    });

    it('refuses a signal that is not an AbortSignal', async () => {
      const { service } = setup();

      await expect(service.waitForDecision(ID, { signal: {} as AbortSignal })).rejects.toThrow(
        /`options\.signal` must be an AbortSignal/,
      );
    });
  });

  describe('options', () => {
    it.each<[string, Record<string, unknown>, RegExp]>([
      ['a short secret', { secret: 'short' }, /`secret` must be at least 32 bytes \(got 5\)/],
      ['no secret', { secret: undefined }, /`secret` must be a string or a Uint8Array/],
      ['no store', { store: undefined }, /`options\.store` must be an ApprovalStore/],
      [
        'a store without update',
        { store: { create() {}, get() {}, list() {} } },
        /`options\.store` must be an ApprovalStore/,
      ],
      ['a clock that is not a function', { now: 5 }, /`options\.now` must be a function/],
      ['a zero poll interval', { pollIntervalMs: 0 }, /`options\.pollIntervalMs` must be a positive number/],
      [
        'an infinite poll interval',
        { pollIntervalMs: Infinity },
        /`options\.pollIntervalMs` must be a positive number/,
      ],
    ])('refuses %s with INVALID_ARGUMENT', (_, change, message) => {
      const options = { store: new InMemoryApprovalStore(), secret: SECRET, ...change };

      expect(() => new ApprovalService(options as never)).toThrow(BraneError);
      expect(() => new ApprovalService(options as never)).toThrow(message);
    });

    it('refuses a clock that returns something other than a finite number', async () => {
      const service = new ApprovalService({ store: new InMemoryApprovalStore(), secret: SECRET, now: () => NaN });

      await expect(service.request(newApproval())).rejects.toThrow(/`options\.now\(\)` must be a finite number/);
    });

    it('uses Date.now by default', async () => {
      const service = new ApprovalService({ store: new InMemoryApprovalStore(), secret: new Uint8Array(32) });
      const before = Date.now();

      const record = await service.request(newApproval());

      expect(Date.parse(record.requestedAt)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(record.requestedAt)).toBeLessThanOrEqual(Date.now());
    });

    it('turns what a custom store throws into APPROVAL_STORE_FAILED, keeping the cause', async () => {
      const failure = new Error('connection reset');
      const store: ApprovalStore = {
        create: () => Promise.reject(failure),
        get: () => Promise.reject(failure),
        list: () => Promise.reject(failure),
        update: () => Promise.reject(failure),
      };
      const service = new ApprovalService({ store, secret: SECRET });

      for (const operation of [() => service.request(newApproval()), () => service.get(ID), () => service.list()]) {
        await expect(operation()).rejects.toMatchObject({ code: 'APPROVAL_STORE_FAILED', cause: failure });
        await expect(operation()).rejects.toThrow('The approval store failed: connection reset');
      }
    });

    it('gives up with APPROVAL_STORE_FAILED when a store never lets the compare-and-set succeed', async () => {
      const inner = new InMemoryApprovalStore();
      const store: ApprovalStore = {
        create: (r) => inner.create(r),
        get: (id) => inner.get(id),
        list: () => inner.list(),
        update: () => Promise.resolve(false),
      };
      const service = new ApprovalService({ store, secret: SECRET });
      await service.request(newApproval());

      await expect(service.approve(ID, { approver: 'alice' })).rejects.toThrow(/kept changing/);
    });
  });
});
