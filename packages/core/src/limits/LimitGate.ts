import { Decision, type Limit } from '@brane/decisions';
import { CapabilityDeniedError } from '@brane/errors';
import type { LimitStore, Reservation, ReservationResult } from '@brane/limits';
import type { AgentAction } from '../AgentAction.js';
import type { ActionRecorder } from '../audit/ActionRecorder.js';
import { LimitHold } from './LimitHold.js';
import { limitDenial, limitStoreDenial } from './limitDenial.js';

/**
 * Reserves an action's limits when it is about to run: every limit its decision carries, all or none, in
 * the runtime's limit store. Denies (before the body runs) when one has no room, or when the store fails
 * and a limit fails closed; a synchronous capability cannot wait for a remote store, so it is denied too.
 */
export class LimitGate {
  readonly store: LimitStore;

  constructor(store: LimitStore) {
    this.store = store;
  }

  /**
   * Reserves for a synchronous capability: the store must answer synchronously. No hold when the body's end
   * gives nothing back (no `concurrent` slot, no `refundOnFailure`): a synchronous body is never cancelled once
   * its limits are reserved, so such a hold would do nothing.
   */
  reserveSync(
    action: AgentAction,
    decision: Decision,
    limits: readonly Limit[],
    rec?: ActionRecorder,
  ): LimitHold | undefined {
    const store = this.store;
    if (!store.synchronous) {
      throw deny(
        action,
        decision,
        `synchronous \`${action.capability.name}\` cannot reserve limits in a remote limit store (it cannot wait for it); make the capability async, or use an in-memory store`,
      );
    }
    let result: ReservationResult;
    try {
      result = store.reserve(action.actionId, limits);
    } catch (error) {
      return this.#storeFailed(action, decision, limits, error, rec);
    }
    const reservation = this.#granted(action, decision, result, rec);
    return givesBack(limits) ? new LimitHold(store, reservation) : undefined;
  }

  /** Reserves for an async capability, from any store. */
  async reserveAsync(
    action: AgentAction,
    decision: Decision,
    limits: readonly Limit[],
    rec?: ActionRecorder,
  ): Promise<LimitHold | undefined> {
    let result: ReservationResult;
    try {
      result = await this.store.reserve(action.actionId, limits);
    } catch (error) {
      return this.#storeFailed(action, decision, limits, error, rec);
    }
    return new LimitHold(this.store, this.#granted(action, decision, result, rec));
  }

  /** The reservation of a granted `result`, recorded; a denial when it was refused. */
  #granted(action: AgentAction, decision: Decision, result: ReservationResult, rec?: ActionRecorder): Reservation {
    if (!result.granted) throw limitDenial(action, decision, result.refusal);
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

  /** The store failed: deny, unless every limit fails open (`onStoreError: 'allow'`). */
  #storeFailed(
    action: AgentAction,
    decision: Decision,
    limits: readonly Limit[],
    error: unknown,
    rec?: ActionRecorder,
  ): LimitHold | undefined {
    const closed = limits.find((limit) => limit.onStoreError === 'deny');
    if (closed !== undefined) throw limitStoreDenial(action, decision, closed.key, error);
    rec?.reserved(
      limits.map((limit) => ({ key: limit.key, kind: limit.kind, cost: limit.cost, max: limit.max, failedOpen: true })),
    );
    return undefined;
  }
}

/** Whether ending a call gives anything of `limits` back: a `concurrent` slot, or a cost refunded on failure. */
function givesBack(limits: readonly Limit[]): boolean {
  for (const limit of limits) if (limit.kind === 'concurrent' || limit.refundOnFailure) return true;
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
