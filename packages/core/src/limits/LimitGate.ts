import { Decision, type Limit } from '@brane/decisions';
import { BraneError, CapabilityDeniedError } from '@brane/errors';
import {
  InMemoryLimitStore,
  type LimitRefusal,
  type LimitStore,
  type Reservation,
  type ReservationResult,
} from '@brane/limits';
import type { AgentAction } from '../AgentAction.js';
import type { ActionRecorder } from '../audit/ActionRecorder.js';
import { LimitHold } from './LimitHold.js';
import { limitDenial, limitMisuseDenial, limitStoreDenial } from './limitDenial.js';

/**
 * Where the before-stage decision a denial is attributed to comes from: the evaluation, whose decision is only
 * attributed (given its action's id) when a denial reads it.
 */
export interface DecisionSource {
  readonly decision: Decision;
}

/**
 * Reserves an action's limits when it is about to run: every limit its decision carries, all or none, in
 * the runtime's limit store. Denies (before the body runs) when one has no room, or when the store fails
 * and a limit fails closed; a synchronous capability cannot wait for a remote store, so it is denied too.
 */
export class LimitGate {
  readonly store: LimitStore;
  /**
   * The store when it is the in-memory one as shipped: it takes the action itself, and reads its id only if
   * its reservation's is (a call with limits then makes no id, and reads the clock once).
   */
  readonly #takesActions: InMemoryLimitStore | undefined;

  /** The store when it is the in-memory one as shipped, for {@link consumeSync}. */
  readonly #consumes: InMemoryLimitStore | undefined;

  constructor(store: LimitStore) {
    this.store = store;
    const proto = InMemoryLimitStore.prototype;
    const shipped = store instanceof InMemoryLimitStore && store.reserve === proto.reserve ? store : undefined;
    this.#takesActions = shipped;
    // Only when `reserve` is the shipped one too: a store that changed how it reserves is never bypassed.
    this.#consumes = shipped !== undefined && shipped.consume === proto.consume ? shipped : undefined;
  }

  /**
   * {@link reserveSync} for a synchronous call that is not audited and whose limits give nothing back when it ends:
   * the in-memory store as shipped then makes no reservation at all (nothing would ever release it).
   */
  consumeSync(action: AgentAction, before: DecisionSource, limits: readonly Limit[]): void {
    const store = this.#consumes;
    if (store === undefined) {
      this.reserveSync(action, before, limits);
      return;
    }
    let refusal: LimitRefusal | undefined;
    try {
      refusal = store.consume(limits);
    } catch (error) {
      this.#storeFailed(action, before, limits, error);
      return;
    }
    if (refusal !== undefined) throw limitDenial(action, before.decision, refusal);
  }

  /**
   * Reserves for a synchronous capability: the store must answer synchronously. No hold when the body's end
   * gives nothing back (no `concurrent` slot, no `refundOnFailure`): a synchronous body is never cancelled once
   * its limits are reserved, so such a hold would do nothing.
   */
  reserveSync(
    action: AgentAction,
    before: DecisionSource,
    limits: readonly Limit[],
    rec?: ActionRecorder,
  ): LimitHold | undefined {
    const store = this.store;
    if (!store.synchronous) {
      throw deny(
        action,
        before.decision,
        `synchronous \`${action.capability.name}\` cannot reserve limits in a remote limit store (it cannot wait for it); make the capability async, or use an in-memory store`,
      );
    }
    let result: ReservationResult;
    try {
      const inMemory = this.#takesActions;
      result = inMemory === undefined ? store.reserve(action.actionId, limits) : inMemory.reserve(action, limits);
    } catch (error) {
      return this.#storeFailed(action, before, limits, error, rec);
    }
    const reservation = this.#granted(action, before, result, rec);
    return givesBack(limits) ? new LimitHold(store, reservation) : undefined;
  }

  /** Reserves for an async capability, from any store. */
  async reserveAsync(
    action: AgentAction,
    before: DecisionSource,
    limits: readonly Limit[],
    rec?: ActionRecorder,
  ): Promise<LimitHold | undefined> {
    let result: ReservationResult;
    try {
      const inMemory = this.#takesActions;
      result = await (inMemory === undefined
        ? this.store.reserve(action.actionId, limits)
        : inMemory.reserve(action, limits));
    } catch (error) {
      return this.#storeFailed(action, before, limits, error, rec);
    }
    return new LimitHold(this.store, this.#granted(action, before, result, rec));
  }

  /** The reservation of a granted `result`, recorded; a denial when it was refused. */
  #granted(action: AgentAction, before: DecisionSource, result: ReservationResult, rec?: ActionRecorder): Reservation {
    if (!result.granted) throw limitDenial(action, before.decision, result.refusal);
    const { reservation } = result;
    rec?.reserved(
      reservation.grants.map((grant, i) => ({
        key: grant.key,
        kind: (reservation.limits[i] as Limit).kind,
        cost: grant.cost,
        max: grant.max,
        remaining: grant.remaining,
      })),
    );
    return reservation;
  }

  /**
   * The store failed: deny, unless every limit fails open (`onStoreError: 'allow'`). A store that refused the call as
   * misuse (`INVALID_ARGUMENT`: an action id that already holds a reservation) did not fail: that always denies.
   */
  #storeFailed(
    action: AgentAction,
    before: DecisionSource,
    limits: readonly Limit[],
    error: unknown,
    rec?: ActionRecorder,
  ): LimitHold | undefined {
    if (error instanceof BraneError && error.code === 'INVALID_ARGUMENT') {
      throw limitMisuseDenial(action, before.decision, error);
    }
    const closed = limits.find((limit) => limit.onStoreError === 'deny');
    if (closed !== undefined) throw limitStoreDenial(action, before.decision, closed.key, error);
    rec?.reserved(
      limits.map((limit) => ({ key: limit.key, kind: limit.kind, cost: limit.cost, max: limit.max, failedOpen: true })),
    );
    return undefined;
  }
}

/** The list {@link givesBack} last found to give nothing back. */
let lastGivingNothing: readonly Limit[] | undefined;

/**
 * Whether ending a call gives anything of `limits` back: a `concurrent` slot, or a cost refunded on failure. `limits`
 * is a decision's, so frozen: the answer for the list of the last call is kept (a policy attaches the same limit
 * call after call, and V8 reads a frozen array's elements slowly).
 */
export function givesBack(limits: readonly Limit[]): boolean {
  if (limits === lastGivingNothing) return false;
  for (let i = 0; i < limits.length; i++) {
    const limit = limits[i] as Limit;
    if (limit.kind === 'concurrent' || limit.refundOnFailure) return true;
  }
  lastGivingNothing = limits;
  return false;
}

function deny(action: AgentAction, decision: Decision, reason: string): CapabilityDeniedError {
  const denial = Decision.deny(reason, {
    policyName: decision.policyName,
    policyVersion: decision.policyVersion,
    actionId: action.actionId,
  });
  return new CapabilityDeniedError({
    decision: denial,
    capability: action.capability.name,
    stage: 'before',
    actionId: action.actionId,
  });
}
