import { ApprovalError, BraneError, boundText, describeValue } from '@brane/errors';
import { abortableDelay } from './abortableDelay.js';
import { decisionFor, parseDecisionInput, type ApprovalDecisionInput } from './ApprovalDecisionInput.js';
import { assertBindingMatches, type ApprovalBinding } from './ApprovalBinding.js';
import { approvalMatches, compareApprovalIds, type ParsedApprovalQuery } from './ApprovalQuery.js';
import type { ApprovalRecord, ApprovalState, UnsealedApprovalRecord } from './ApprovalRecord.js';
import { approvalState } from './approvalState.js';
import type { ApprovalStore } from './ApprovalStore.js';
import { assertApprovalId } from './assertApprovalId.js';
import { invalidArgument, requireObject, requireText } from './checkInput.js';
import { listQuery } from './listQuery.js';
import { errorMessage } from './errorMessage.js';
import { pendingRecord, type NewApproval } from './NewApproval.js';
import { RecordSeal } from './RecordSeal.js';
import { unusableApprovalError } from './unusableApprovalError.js';
import type { ApprovalCompletion, WithdrawalInput } from './ApprovalCompletion.js';
import type { ApprovalListFilter, ApprovalPage } from './ApprovalListFilter.js';
import type { ApprovalServiceOptions, ClaimOptions, WaitForDecisionOptions } from './ApprovalServiceOptions.js';

const DEFAULT_POLL_INTERVAL_MS = 250;
/** The default and the largest page of {@link ApprovalService.page}. */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
/** Compare-and-set attempts before giving up on a record that keeps changing under us. */
const MAX_ATTEMPTS = 5;
/** The most records {@link ApprovalService} remembers having written (the oldest is forgotten first). */
const MAX_WRITTEN = 1_000;
const OUTCOMES: readonly string[] = ['succeeded', 'failed', 'denied'];

/**
 * The lifecycle of approvals: request, decide, claim once, complete; or withdraw, when the call that asked was
 * abandoned. All the rules live here; the store only keeps
 * data. Every record is sealed with the secret, and verified each time it is read, so a record altered in the
 * store by anyone without the secret is refused (`APPROVAL_TAMPERED`). Every transition is a compare-and-set on
 * the seal, so of any number of concurrent claims, in one process or many, exactly one wins.
 *
 * @example
 * const approvals = new ApprovalService({ store: new FileApprovalStore(), secret: await loadOrCreateSecret('.brane') });
 * await approvals.approve(id, { approver: { id: 'alice@example.com', groups: ['finance-ops'] } });
 * const record = await approvals.claim(id, { capability, args, tenantId, principalId }); // then execute, once
 * await approvals.complete(id, { outcome: 'succeeded' });
 */
export class ApprovalService {
  readonly #store: ApprovalStore;
  readonly #seal: RecordSeal;
  readonly #now: () => number;
  readonly #pollIntervalMs: number;
  /** Private copies of the records this service wrote last, by id, oldest first (see {@link #transitionWritten}). */
  readonly #written = new Map<string, ApprovalRecord>();

  constructor(options: ApprovalServiceOptions) {
    const {
      store,
      secret,
      now = Date.now,
      pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
    } = requireObject(options, 'options') as Partial<ApprovalServiceOptions>;
    const methods = ['create', 'get', 'list', 'update'] as const;
    if (typeof store !== 'object' || store === null || methods.some((name) => typeof store[name] !== 'function')) {
      throw invalidArgument('options.store', 'an ApprovalStore (create, get, list and update)', store);
    }
    if (typeof now !== 'function') throw invalidArgument('options.now', 'a function returning milliseconds', now);
    if (typeof pollIntervalMs !== 'number' || !(pollIntervalMs > 0) || !Number.isFinite(pollIntervalMs)) {
      throw invalidArgument('options.pollIntervalMs', 'a positive number of milliseconds', pollIntervalMs);
    }
    this.#store = store;
    this.#seal = new RecordSeal(secret as string | Uint8Array);
    this.#now = now;
    this.#pollIntervalMs = pollIntervalMs;
  }

  /** Records a pending approval for `init`'s action, sealed, and returns it. */
  async request(init: NewApproval): Promise<ApprovalRecord> {
    const record = this.#seal.seal(pendingRecord(init, this.#nowMs()));
    await this.#storeCall(record.id, () => this.#store.create(record));
    return this.#remember(record);
  }

  /** The verified record: `APPROVAL_NOT_FOUND` if there is none, `APPROVAL_TAMPERED` if its seal fails. */
  async get(id: string): Promise<ApprovalRecord> {
    assertApprovalId(id);
    const stored = await this.#storeCall(id, () => this.#store.get(id));
    if (stored === undefined) throw new ApprovalError('APPROVAL_NOT_FOUND', id, `No approval ${id} in the store`);
    return this.#seal.verify(id, stored);
  }

  /**
   * The verified records matching `filter`, by id (for ULIDs, oldest first): with `limit`, the first `limit` of
   * them after `cursor`; without, every one (read from the store a page at a time). Any tampered record throws.
   */
  async list(filter: ApprovalListFilter = {}): Promise<ApprovalRecord[]> {
    const query = listQuery(filter, this.#nowMs());
    const { limit } = query;
    if (limit !== undefined) return (await this.#page({ ...query, limit })).records;
    const records: ApprovalRecord[] = [];
    for (let cursor = query.cursor; ;) {
      const { records: page, nextCursor } = await this.#page({ ...query, cursor, limit: MAX_PAGE });
      records.push(...page);
      if (nextCursor === undefined) return records;
      cursor = nextCursor;
    }
  }

  /**
   * One page of the verified records matching `filter` (`limit` default 100), and the cursor of the next page.
   * Pages are a keyset on the id: stable while records are added or change state.
   *
   * @example
   * for (let cursor; ; ) {
   *   const { records, nextCursor } = await approvals.page({ state: 'pending', cursor });
   *   show(records);
   *   if ((cursor = nextCursor) === undefined) break;
   * }
   */
  async page(filter: ApprovalListFilter = {}): Promise<ApprovalPage> {
    const query = listQuery(filter, this.#nowMs());
    return this.#page({ ...query, limit: query.limit ?? DEFAULT_PAGE });
  }

  /**
   * Reads one more record than the page holds, to know whether another page follows. Whatever the store
   * returned is verified, and checked again against the query: a store that filters wrongly can show fewer
   * records, never another tenant's or another state's.
   */
  async #page(query: ParsedApprovalQuery & { readonly limit: number }): Promise<ApprovalPage> {
    const stored = await this.#storeCall('*', () => this.#store.list({ ...query, limit: query.limit + 1 }));
    if (!Array.isArray(stored))
      throw new ApprovalError('APPROVAL_STORE_FAILED', '*', 'The approval store did not list an array');
    const records = stored
      .map((record: unknown) => {
        const id = (record as { id?: unknown } | null)?.id;
        return this.#seal.verify(typeof id === 'string' ? id : describeValue(id), record);
      })
      .filter((record) => approvalMatches(record, query))
      .sort(compareApprovalIds);
    if (records.length <= query.limit) return { records, nextCursor: undefined };
    const page = records.slice(0, query.limit);
    return { records: page, nextCursor: page[page.length - 1]?.id };
  }

  /** What `record` is now (`expired` once a pending or approved record is past `expiresAt`). */
  state(record: ApprovalRecord): ApprovalState {
    return approvalState(record, this.#nowMs());
  }

  /**
   * Approves a pending, unexpired approval. An approver identity the application vouches for must be in one of the
   * request's `approverGroups`; a typed name (a string) is recorded as unauthenticated; under `distinctApprover`
   * neither may be the principal (`APPROVER_NOT_ALLOWED`).
   */
  async approve(id: string, input: ApprovalDecisionInput): Promise<ApprovalRecord> {
    return await this.#decide(id, 'approved', input);
  }

  /** Rejects a pending, unexpired approval: its action will never run. Who may reject: as for {@link approve}. */
  async reject(id: string, input: ApprovalDecisionInput): Promise<ApprovalRecord> {
    return await this.#decide(id, 'rejected', input);
  }

  /**
   * Claims an approved approval to execute its action: the single-use step. The binding must be the approved call
   * (`APPROVAL_MISMATCH` otherwise); the record moves to `executing`, and any later claim fails with
   * `APPROVAL_ALREADY_USED`. Execute the action only when this resolves, then call {@link complete}.
   */
  async claim(id: string, binding: ApprovalBinding, options: ClaimOptions = {}): Promise<ApprovalRecord> {
    const signal = optionalSignal(options);
    return await this.#transition(id, (record) => {
      signal?.throwIfAborted();
      assertBindingMatches(record, binding);
      const state = this.state(record);
      if (state !== 'approved') throw unusableApprovalError(record, state);
      return { ...record, status: 'executing', execution: { claimedAt: this.#isoNow() } };
    });
  }

  /**
   * Withdraws a request whose call was abandoned: a `pending` or `approved` record (expired or not) becomes
   * `withdrawn`, final, so that it is never approved, claimed or executed afterwards. Withdrawing a withdrawn
   * record returns it as it is; one that was rejected, claimed or completed cannot be withdrawn (the error says
   * what happened to it). Against a concurrent approval, the compare-and-set decides: an approval stored first is
   * withdrawn too; one stored after is refused (`APPROVAL_WITHDRAWN`).
   */
  async withdraw(id: string, input: WithdrawalInput): Promise<ApprovalRecord> {
    const reason = boundText(requireText(requireObject(input, 'input')['reason'], 'input.reason'));
    return await this.#transition(id, (record) => {
      if (record.status === 'withdrawn') return record;
      if (record.status !== 'pending' && record.status !== 'approved') {
        throw unusableApprovalError(record, this.state(record) as Exclude<ApprovalState, 'approved'>);
      }
      return { ...record, status: 'withdrawn', withdrawal: { at: this.#isoNow(), reason } };
    });
  }

  /** Records how the execution of a claimed (`executing`) approval ended; the record becomes `completed`. */
  async complete(id: string, result: ApprovalCompletion): Promise<ApprovalRecord> {
    const { outcome, error } = requireObject(result, 'result');
    if (typeof outcome !== 'string' || !OUTCOMES.includes(outcome)) {
      throw invalidArgument('result.outcome', OUTCOMES.join(', '), outcome);
    }
    if (error !== undefined && typeof error !== 'string') throw invalidArgument('result.error', 'a string', error);
    return await this.#transition(id, (record) => {
      if (record.status === 'completed') throw unusableApprovalError(record, 'completed');
      if (record.status !== 'executing') {
        throw new BraneError(
          'INVALID_ARGUMENT',
          `Approval ${id} is \`${this.state(record)}\`, not \`executing\`: only a claimed approval can be completed`,
          { details: { approvalId: id } },
        );
      }
      const completedAt = this.#isoNow();
      const execution = { claimedAt: record.execution?.claimedAt ?? completedAt, completedAt };
      return {
        ...record,
        status: 'completed',
        execution: {
          ...execution,
          outcome: outcome as ApprovalCompletion['outcome'],
          ...(error === undefined ? {} : { error: boundText(error) }),
        },
      };
    });
  }

  /**
   * Resolves with the record once it is approved, reading it every `pollIntervalMs`; rejects with an
   * `ApprovalRejectedError`, an `ApprovalExpiredError` or `APPROVAL_WITHDRAWN`, or with `signal.reason` when
   * `signal` aborts (waiting stops; withdrawing the request is the caller's to do, see {@link withdraw}).
   */
  async waitForDecision(id: string, options: WaitForDecisionOptions = {}): Promise<ApprovalRecord> {
    const signal = optionalSignal(options);
    for (;;) {
      signal?.throwIfAborted();
      const record = await this.get(id);
      signal?.throwIfAborted();
      const state = this.state(record);
      if (state === 'pending') await abortableDelay(this.#pollIntervalMs, signal);
      else if (state === 'rejected' || state === 'expired' || state === 'withdrawn')
        throw unusableApprovalError(record, state);
      else return record;
    }
  }

  async #decide(id: string, outcome: 'approved' | 'rejected', input: ApprovalDecisionInput): Promise<ApprovalRecord> {
    const decider = parseDecisionInput(input);
    return await this.#transition(id, (record) => {
      // Who may decide comes first: an approver who may not learns nothing of the record's state.
      const decision = decisionFor(record, decider, outcome, this.#isoNow());
      const state = this.state(record);
      if (state === 'expired' || state === 'withdrawn') throw unusableApprovalError(record, state);
      if (state !== 'pending') {
        const { decision: taken } = record;
        throw new ApprovalError(
          'APPROVAL_ALREADY_DECIDED',
          id,
          `Approval ${id} was already ${taken ? `${taken.outcome} by ${taken.by} at ${taken.at}` : state}`,
          { details: { status: record.status } },
        );
      }
      return { ...record, status: outcome, decision };
    });
  }

  /**
   * Reads and verifies the record, asks `next` for its successor (which throws if the move is not allowed, and
   * returns the record itself when there is nothing to change), and
   * stores it resealed if the stored record is still the one read. When another writer got there first, the record
   * is read again, so the error thrown describes what that writer did.
   */
  async #transition(id: string, next: (record: ApprovalRecord) => UnsealedApprovalRecord): Promise<ApprovalRecord> {
    const written = await this.#transitionWritten(id, next);
    if (written !== undefined) return written;
    for (let attempt = 1; ; attempt++) {
      const record = await this.get(id);
      const change = next(record);
      if (change === record) return record; // nothing to change
      const updated = this.#seal.seal(change);
      if (await this.#storeCall(id, () => this.#store.update(updated, record.seal))) return this.#remember(updated);
      if (attempt === MAX_ATTEMPTS) {
        throw new ApprovalError(
          'APPROVAL_STORE_FAILED',
          id,
          `Approval ${id} kept changing during ${MAX_ATTEMPTS} updates`,
        );
      }
    }
  }

  /**
   * The fast path of a transition, for a store with `replace`: when this service wrote the record last, it knows
   * what the store holds, so the successor is computed from that copy and stored by one compare-and-set on the
   * whole record, with no read first. It resolves `undefined` (and the transition reads, verifies and retries as
   * usual) whenever that is not plainly a success: nothing known, the known copy refused by `next` (the error must
   * describe the stored record, which may have moved on), nothing to change, or the store holding anything else.
   */
  async #transitionWritten(
    id: string,
    next: (record: ApprovalRecord) => UnsealedApprovalRecord,
  ): Promise<ApprovalRecord | undefined> {
    const known = this.#written.get(id);
    const replace = this.#store.replace?.bind(this.#store);
    if (known === undefined || replace === undefined) return undefined;
    this.#written.delete(id); // a private copy, used once: whatever happens next, the store is the reference
    let change: UnsealedApprovalRecord;
    try {
      change = next(known);
    } catch {
      return undefined;
    }
    if (change === known) return undefined;
    const updated = this.#seal.seal(change);
    if (!(await this.#storeCall(id, () => replace(updated, known)))) return undefined;
    return this.#remember(updated);
  }

  /**
   * Keeps a private copy of `record`, just written, for {@link #transitionWritten} (only with a store that has
   * `replace`, and only while the record can still move: pending, approved, executing); returns `record`.
   */
  #remember(record: ApprovalRecord): ApprovalRecord {
    if (this.#store.replace === undefined) return record;
    this.#written.delete(record.id);
    if (record.status === 'pending' || record.status === 'approved' || record.status === 'executing') {
      if (this.#written.size >= MAX_WRITTEN) {
        const oldest = this.#written.keys().next();
        if (oldest.done !== true) this.#written.delete(oldest.value);
      }
      this.#written.set(record.id, structuredClone(record));
    }
    return record;
  }

  /** Runs a store operation; anything it throws that is not a Brane error becomes `APPROVAL_STORE_FAILED`. */
  async #storeCall<T>(id: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof BraneError) throw error;
      const reason = errorMessage(error);
      throw new ApprovalError('APPROVAL_STORE_FAILED', id, `The approval store failed: ${reason}`, { cause: error });
    }
  }

  #nowMs(): number {
    const now = this.#now();
    if (!Number.isFinite(now)) throw invalidArgument('options.now()', 'a finite number of milliseconds', now);
    return now;
  }

  #isoNow(): string {
    return new Date(this.#nowMs()).toISOString();
  }
}

/** The `signal` of `options`, checked: an `AbortSignal` or nothing. */
function optionalSignal(options: { readonly signal?: AbortSignal | undefined }): AbortSignal | undefined {
  const { signal } = requireObject(options, 'options') as { signal?: unknown };
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw invalidArgument('options.signal', 'an AbortSignal', signal);
  }
  return signal;
}
