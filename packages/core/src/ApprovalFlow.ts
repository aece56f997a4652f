import type { ApprovalRecord, ApprovalService } from '@brane/approvals';
import {
  Decision,
  composeDecisions,
  effectsOf,
  newUlid,
  type ApprovalRequest,
  type Limit,
  type LimitInit,
} from '@brane/decisions';
import {
  ApprovalExpiredError,
  ApprovalRejectedError,
  ApprovalRequiredError,
  BraneError,
  describeValue,
} from '@brane/errors';
import type { ApprovalView, PolicyRegistry } from '@brane/policy-engine';
import type { AgentAction } from './AgentAction.js';
import { approvalEvent } from './audit/approvalEvent.js';
import type { AuditTrail } from './audit/AuditTrail.js';
import type { CapabilityDefinition } from './CapabilityDefinition.js';
import type { ApprovalGate } from './features/ApprovalGate.js';
import type { Identity } from './Identity.js';

/** Runs the approved action's lifecycle on these arguments, with this approval, in the session it was requested in. */
export type RunApproved = (args: unknown[], approval: ApprovalView, sessionId: string | undefined) => unknown;

const ALLOW = Decision.allow();

/**
 * The approval side of enforcement: recording a request when policies ask for approval, and deciding
 * whether an approved action's approval covers what its policies ask on resume.
 */
export class ApprovalFlow implements ApprovalGate {
  readonly #service: () => Promise<ApprovalService>;
  readonly #policies: PolicyRegistry;
  readonly #audit: AuditTrail | undefined;
  /** Resumes in progress, by approval, tenant and principal: concurrent resumes by one identity share one run. */
  readonly #resuming = new Map<string, Promise<unknown>>();

  constructor(service: () => Promise<ApprovalService>, policies: PolicyRegistry, audit?: AuditTrail) {
    this.#service = service;
    this.#policies = policies;
    this.#audit = audit;
  }

  /** The approval service (made on first use, so that a runtime that never asks touches no store). */
  service(): Promise<ApprovalService> {
    return this.#service();
  }

  /**
   * The decision left once the action's approval covers every policy that asks for one (the same decision
   * without its approval requests), or `undefined` when it does not: the action was not approved, or a
   * policy that did not ask before asks now.
   */
  remainder(action: AgentAction, decision: Decision): Decision | undefined {
    const approval = action.approval;
    const asking = decision.approval?.requestedBy ?? [];
    if (approval === undefined || asking.length === 0) return undefined;
    const covered = new Set(approval.requestedBy.map((ref) => ref.name));
    if (!asking.every((ref) => covered.has(ref.name))) return undefined;
    const remainder = composeDecisions(
      effectsOf(decision).filter((effect) => effect.type !== 'approval_required'),
      ALLOW,
    );
    return withSameLimits(remainder, decision.limits);
  }

  /**
   * Records the request and returns the error to throw. For an async capability the record is stored
   * first; a synchronous one cannot wait, so its error comes at once and `error.recorded` settles later.
   */
  request(action: AgentAction, decision: Decision, async: true): Promise<ApprovalRequiredError>;
  request(action: AgentAction, decision: Decision, async: false): ApprovalRequiredError;
  request(
    action: AgentAction,
    decision: Decision,
    async: boolean,
  ): ApprovalRequiredError | Promise<ApprovalRequiredError> {
    const approval = decision.approval as ApprovalRequest;
    const id = newUlid();
    const pending = this.#record(id, action, approval);
    const error = (expiresAt: string, recorded: Promise<void>): ApprovalRequiredError =>
      new ApprovalRequiredError({
        approvalId: id,
        capability: action.capability.name,
        actionId: action.actionId,
        decision,
        approverGroups: approval.approverGroups,
        expiresAt,
        recorded,
      });
    if (async) return pending.then((record) => error(record.expiresAt, Promise.resolve()));
    const recorded = pending.then(() => undefined);
    recorded.catch(() => undefined); // the caller may never look; a failed record only means no approval exists
    return error(new Date(Date.now() + approval.expiresInMs).toISOString(), recorded);
  }

  /**
   * Runs the action approval `approvalId` was requested for, exactly once: claims the approval (bound to
   * the capability, its stored arguments, and the current tenant and principal), runs the lifecycle on
   * those arguments with the approval in `ctx.approval`, and records the outcome. Concurrent resumes in
   * this process by the same tenant and principal share the one execution; any other use is refused by
   * the claim (a resume by someone else never shares, or fails, the owner's).
   */
  resume(
    approvalId: string,
    capability: CapabilityDefinition,
    identity: Identity,
    signal: AbortSignal | undefined,
    run: RunApproved,
  ): Promise<unknown> {
    // JSON tells an absent tenant (`null`) from any tenant id (a string), so no two identities share a key.
    const key = JSON.stringify([approvalId, identity.tenantId, identity.principalId]);
    const running = this.#resuming.get(key);
    if (running !== undefined) return running;
    const resuming = this.#resume(approvalId, capability, identity, signal, run).finally(() =>
      this.#resuming.delete(key),
    );
    this.#resuming.set(key, resuming);
    return resuming;
  }

  async #resume(
    approvalId: string,
    capability: CapabilityDefinition,
    identity: Identity,
    signal: AbortSignal | undefined,
    run: RunApproved,
  ): Promise<unknown> {
    const service = await this.#service();
    const stored = await service.get(approvalId);
    let record: ApprovalRecord;
    try {
      const binding = {
        capability: capability.name,
        args: stored.args,
        tenantId: identity.tenantId,
        principalId: identity.principalId,
      };
      record = await service.claim(approvalId, binding, { signal });
    } catch (error) {
      if (signal?.aborted === true) return await this.#withdraw(service, approvalId, signal);
      if (error instanceof ApprovalExpiredError) this.#audit?.record(approvalEvent('approval.expired', stored));
      throw error;
    }
    this.#audit?.record(approvalEvent('approval.resumed', record));
    const params = capability.params;
    // Own properties only: an argument omitted from a call named like `constructor` is not Object's.
    const args =
      params === undefined
        ? [record.args]
        : params.map((name) => (Object.hasOwn(record.args, name) ? record.args[name] : undefined));
    while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
    try {
      const output = await run(args, this.view(record), record.sessionId);
      await service.complete(approvalId, { outcome: 'succeeded' });
      return output;
    } catch (error) {
      const outcome = error instanceof BraneError && error.code !== 'SANDBOX_TIMEOUT' ? 'denied' : 'failed';
      await service.complete(approvalId, { outcome, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
  }

  /**
   * Waits (`approvals: { wait: true }`) until a human decides request `approvalId`. When `signal` aborts first, the
   * caller has gone: the request is withdrawn (in the store, and `approval.withdrawn` in the audit trail), so it
   * never runs even if approved at that moment, and this rejects with `signal.reason`.
   */
  async waitFor(approvalId: string, signal: AbortSignal | undefined): Promise<void> {
    const service = await this.#service();
    this.#audit?.record(approvalEvent('approval.requested', await service.get(approvalId)));
    try {
      await service.waitForDecision(approvalId, { signal });
    } catch (error) {
      if (signal?.aborted === true) await this.#withdraw(service, approvalId, signal);
      throw error;
    }
  }

  /**
   * Withdraws the request of a caller whose `signal` aborted, and rejects with the signal's reason. A request
   * already rejected, claimed or completed stays as it is (the compare-and-set decides a race): it is not run
   * for this caller either way. A store that fails (or a record found tampered) is reported instead: the
   * request may still be pending, and the call's audit record must say so.
   */
  async #withdraw(service: ApprovalService, approvalId: string, signal: AbortSignal): Promise<never> {
    const reason = `The caller abandoned the call: ${abortReason(signal.reason)}`;
    const record = await service.withdraw(approvalId, { reason }).catch((error: unknown) => {
      const settled =
        error instanceof ApprovalRejectedError ||
        (error instanceof BraneError && error.code === 'APPROVAL_ALREADY_USED');
      if (!settled) throw error;
    });
    if (record?.status === 'withdrawn') this.#audit?.record(approvalEvent('approval.withdrawn', record));
    throw signal.reason;
  }

  /** How a resumed action's policies see its approval: who approved, and which asking policies changed since. */
  view(record: ApprovalRecord): ApprovalView {
    const decision = record.decision;
    const requestedBy = record.policies.map((ref) => ({ name: ref.name, version: ref.version }));
    const current = new Map(this.#policies.list().map((policy) => [policy.name, policy.version]));
    return Object.freeze({
      approvalId: record.id,
      approvedBy: decision?.by ?? '',
      approvedAt: decision?.at ?? '',
      approver: Object.freeze({
        id: decision?.by ?? '',
        authenticated: decision?.authenticated === true,
        authenticatedBy: decision?.authenticatedBy,
        groups: Object.freeze([...(decision?.groups ?? [])]),
      }),
      comment: decision?.comment,
      requestedAt: record.requestedAt,
      expiresAt: record.expiresAt,
      approverGroups: record.request.approverGroups,
      requestedBy,
      changedPolicies: requestedBy
        .filter((ref) => current.get(ref.name) !== ref.version)
        .map((ref) => ({ name: ref.name, requestedVersion: ref.version, currentVersion: current.get(ref.name) })),
    });
  }

  #record(id: string, action: AgentAction, approval: ApprovalRequest): Promise<ApprovalRecord> {
    const params = action.capability.params;
    const args = action.originalArgs ?? action.args;
    const named = params === undefined ? (args[0] as Record<string, unknown>) : byName(params, args);
    return this.#service().then((service) =>
      service.request({
        id,
        capability: action.capability.name,
        risk: action.capability.risk,
        args: named,
        tenantId: action.tenantId,
        principalId: action.principalId,
        agentId: action.agentId,
        environment: action.environment,
        actionId: action.actionId,
        traceId: action.traceId,
        sessionId: action.sessionId,
        policies: approval.requestedBy,
        request: {
          approverGroups: approval.approverGroups,
          reason: approval.reason,
          context: approval.context,
          distinctApprover: approval.distinctApprover,
        },
        expiresInMs: approval.expiresInMs,
      }),
    );
  }
}

/** The defined arguments by name, as own properties (one named `__proto__` too, which assignment would not make). */
function byName(params: readonly string[], args: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(params.flatMap((name, i) => (args[i] === undefined ? [] : [[name, args[i]]])));
}

/**
 * What a signal's abort reason says, for the withdrawal record: an error's message (a `DOMException` too, which
 * may come from another realm), a string, or what the value is.
 */
function abortReason(reason: unknown): string {
  if (typeof reason === 'string' && reason !== '') return reason;
  try {
    const { message, name } = (typeof reason === 'object' && reason !== null ? reason : {}) as Record<string, unknown>;
    if (typeof message === 'string' && message !== '') return message;
    if (typeof name === 'string' && name !== '') return name;
  } catch {
    // a reason whose `message` throws still withdraws the request
  }
  return reason === undefined ? 'aborted' : describeValue(reason);
}

/** `remainder`, reserving exactly `limits` (those of the whole decision, some of which allows carried). */
function withSameLimits(remainder: Decision, limits: readonly Limit[] | undefined): Decision {
  if (limits === undefined) return remainder;
  const held = new Map<Limit, number>();
  for (const limit of remainder.limits ?? []) held.set(limit, (held.get(limit) ?? 0) + 1);
  const missing = limits.filter((limit) => {
    const count = held.get(limit) ?? 0;
    if (count > 0) held.set(limit, count - 1);
    return count === 0;
  });
  // Checked limits pass through `withLimits` as they are.
  return missing.length === 0 ? remainder : remainder.withLimits(...(missing as readonly LimitInit[]));
}
