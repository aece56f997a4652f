import {
  ApprovalService,
  InMemoryApprovalStore,
  type ApprovalBinding,
  type ApprovalRecord,
  type ApprovalStore,
  type NewApproval,
} from '@brane/approvals';
import { ApprovalRejectedError, BraneError } from '@brane/errors';
import { SECRET, T0, newApproval } from './fixtures/records';

const ID = newApproval().id;
const REASON = 'The caller abandoned the call: Request cancelled';

function bindingOf(init: NewApproval): ApprovalBinding {
  return { capability: init.capability, args: init.args, tenantId: init.tenantId, principalId: init.principalId };
}

/** A service on `store` (by default in memory) with a clock the test moves, and one pending request. */
async function setup(store: ApprovalStore = new InMemoryApprovalStore()) {
  const clock = { now: T0 };
  const service = new ApprovalService({ store, secret: SECRET, now: () => clock.now, pollIntervalMs: 1 });
  await service.request(newApproval());
  return { clock, store, service };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(BraneError);
  await expect(promise).rejects.toMatchObject({ code });
}

/** A store whose `update` first runs `before` (once), to put another writer's change in the middle of ours. */
class InterleavingStore extends InMemoryApprovalStore {
  before: (() => Promise<unknown>) | undefined;

  override async update(next: ApprovalRecord, expectedSeal: string): Promise<boolean> {
    const before = this.before;
    this.before = undefined;
    await before?.();
    return super.update(next, expectedSeal);
  }
}

describe('ApprovalService.withdraw (security review, finding 9)', () => {
  it('withdraws a pending request: final, with when and why, listed as withdrawn', async () => {
    const { service } = await setup();

    const record = await service.withdraw(ID, { reason: REASON });

    expect(record).toMatchObject({
      status: 'withdrawn',
      withdrawal: { at: new Date(T0).toISOString(), reason: REASON },
    });
    expect(service.state(record)).toBe('withdrawn');
    await expect(service.get(ID)).resolves.toStrictEqual(record);
    await expect(service.list({ state: 'withdrawn' })).resolves.toStrictEqual([record]);
    await expect(service.list({ state: 'pending' })).resolves.toStrictEqual([]);
  });

  it('withdraws an approved request, and an expired one', async () => {
    const approved = await setup();
    await approved.service.approve(ID, { approver: 'maria' });
    const expired = await setup();
    expired.clock.now = T0 + 3_600_000;

    await expect(approved.service.withdraw(ID, { reason: REASON })).resolves.toMatchObject({ status: 'withdrawn' });
    await expect(expired.service.withdraw(ID, { reason: REASON })).resolves.toMatchObject({ status: 'withdrawn' });
  });

  it('returns a withdrawn record as it is when withdrawn again', async () => {
    const { service, clock } = await setup();
    const first = await service.withdraw(ID, { reason: REASON });
    clock.now += 1000;

    await expect(service.withdraw(ID, { reason: 'again' })).resolves.toStrictEqual(first);
  });

  it('can never be approved, rejected, claimed, completed or waited for afterwards', async () => {
    const { service } = await setup();
    await service.withdraw(ID, { reason: REASON });

    await expectCode(service.approve(ID, { approver: 'maria' }), 'APPROVAL_WITHDRAWN');
    await expectCode(service.reject(ID, { approver: 'maria' }), 'APPROVAL_WITHDRAWN');
    await expectCode(service.claim(ID, bindingOf(newApproval())), 'APPROVAL_WITHDRAWN');
    await expect(service.complete(ID, { outcome: 'succeeded' })).rejects.toThrow(/is `withdrawn`, not `executing`/);
    await expectCode(service.waitForDecision(ID), 'APPROVAL_WITHDRAWN');
    await expect(service.approve(ID, { approver: 'maria' })).rejects.toThrow(
      new RegExp(
        `Approval ${ID} for \`payments\\.refund\` was withdrawn at .* \\(${REASON}\\); it can never be approved or used`,
      ),
    );
  });

  it('refuses to withdraw a rejected, claimed or completed request, saying what happened to it', async () => {
    const rejected = await setup();
    await rejected.service.reject(ID, { approver: 'maria' });
    const claimed = await setup();
    await claimed.service.approve(ID, { approver: 'maria' });
    await claimed.service.claim(ID, bindingOf(newApproval()));

    await expect(rejected.service.withdraw(ID, { reason: REASON })).rejects.toBeInstanceOf(ApprovalRejectedError);
    await expectCode(claimed.service.withdraw(ID, { reason: REASON }), 'APPROVAL_ALREADY_USED');
    await claimed.service.complete(ID, { outcome: 'succeeded' });
    await expectCode(claimed.service.withdraw(ID, { reason: REASON }), 'APPROVAL_ALREADY_USED');
  });

  it.each(['approve first', 'withdraw first'])(
    'ends withdrawn when an approval races the withdrawal (%s); the compare-and-set decides',
    async (order) => {
      const store = new InterleavingStore();
      const { service } = await setup(store);
      let other: Promise<unknown> = Promise.resolve();
      // The first writer reads the pending record, then the other writes before it: its compare-and-set fails.
      store.before = () => {
        other =
          order === 'approve first'
            ? service.withdraw(ID, { reason: REASON })
            : service.approve(ID, { approver: 'maria' });
        return other.catch(() => undefined);
      };

      const first =
        order === 'approve first'
          ? service.approve(ID, { approver: 'maria' })
          : service.withdraw(ID, { reason: REASON });
      const results = await Promise.allSettled([first, other]);

      await expect(service.get(ID)).resolves.toMatchObject({ status: 'withdrawn' });
      const approval = results[order === 'approve first' ? 0 : 1];
      if (approval?.status === 'rejected') expect(approval.reason).toMatchObject({ code: 'APPROVAL_WITHDRAWN' });
      await expectCode(service.claim(ID, bindingOf(newApproval())), 'APPROVAL_WITHDRAWN');
    },
  );

  it('bounds the reason it stores', async () => {
    const { service } = await setup();

    const record = await service.withdraw(ID, { reason: 'x'.repeat(10_000) });

    expect(record.withdrawal?.reason).toBe(`${'x'.repeat(2000)} … [cut 8,000 characters]`);
  });

  it.each<[unknown, RegExp]>([
    [undefined, /`input` must be an object/],
    [{}, /`input\.reason` must be a non-empty string/],
    [{ reason: 42 }, /`input\.reason` must be a non-empty string/],
  ])('refuses the input %p with INVALID_ARGUMENT', async (input, message) => {
    const { service } = await setup();

    await expect(service.withdraw(ID, input as { reason: string })).rejects.toThrow(message);
    await expect(service.get(ID)).resolves.toMatchObject({ status: 'pending' });
  });
});

describe('ApprovalService.claim with a signal (security review, finding 9)', () => {
  async function approved(store?: ApprovalStore) {
    const context = await setup(store);
    await context.service.approve(ID, { approver: 'maria' });
    return context;
  }

  it('refuses the claim of a call whose signal has aborted, with its reason; the approval stays approved', async () => {
    const { service } = await approved();
    const controller = new AbortController();
    const reason = new Error('client went away');
    controller.abort(reason);

    await expect(service.claim(ID, bindingOf(newApproval()), { signal: controller.signal })).rejects.toBe(reason);
    await expect(service.get(ID)).resolves.toMatchObject({ status: 'approved' });
  });

  it('reads the signal at the compare-and-set: an abort while the record is read refuses the claim', async () => {
    const store = new InterleavingStore();
    const { service } = await approved(store);
    const controller = new AbortController();
    const get = store.get.bind(store);
    store.get = async (id) => {
      const record = await get(id);
      controller.abort();
      return record;
    };

    await expect(service.claim(ID, bindingOf(newApproval()), { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expect(get(ID)).resolves.toMatchObject({ status: 'approved' });
  });

  it('claims with a signal that has not aborted, and refuses a signal that is not an AbortSignal', async () => {
    const { service } = await approved();

    await expect(
      service.claim(ID, bindingOf(newApproval()), { signal: 'stop' as unknown as AbortSignal }),
    ).rejects.toThrow(/`options\.signal` must be an AbortSignal/);
    await expect(
      service.claim(ID, bindingOf(newApproval()), { signal: new AbortController().signal }),
    ).resolves.toMatchObject({ status: 'executing' });
  });
});
