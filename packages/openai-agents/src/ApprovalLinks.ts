import type { AuthorizeApprover, RequestingIdentity } from '@brane/approvals';
import type { Runtime } from '@brane/core';
import type { BraneError } from '@brane/errors';
import type { RunContext, RunToolApprovalItem } from '@openai/agents';
import type { InterruptionApproval } from './GovernOptions.js';

/**
 * The Brane approval request behind one SDK interruption: made by `needsApproval` when Brane's policies
 * ask for approval, used by the tool's `execute` once the SDK resumes the run. It belongs to the tenant and
 * principal the call ran as.
 *
 * @internal
 */
export interface ApprovalLink extends RequestingIdentity {
  readonly runtime: Runtime;
  readonly approvalId: string;
  readonly capability: string;
  readonly toolName: string;
  readonly callId: string;
  readonly approverGroups: readonly string[];
  readonly reason: string;
  readonly expiresAt: string;
  /** The tool's refusal formatter, for the rejection text the model gets. */
  readonly refusalMessage: (error: BraneError) => string;
  /** The tool's `authorizeApprover`, which `approveInterruption` and `rejectInterruption` ask. */
  readonly authorizeApprover: AuthorizeApprover<InterruptionApproval> | undefined;
}

/**
 * Where the links live: with the run's `RunContext` (the SDK keeps one per run, across interruptions and
 * resumes; an app may also pass one `RunContext` to several runs, and agents used as tools share their
 * caller's), by tenant, principal and tool call id. Held weakly: a finished run's links go with its context.
 *
 * Tool call ids are the model's (and a client that sends the history picks them): a link is found only by
 * the identity whose call made it, so a colliding id from another tenant or principal gets its own request.
 *
 * @internal
 */
export class ApprovalLinks {
  readonly #byContext = new WeakMap<RunContext, Map<string, ApprovalLink>>();

  set(runContext: RunContext, link: ApprovalLink): void {
    let links = this.#byContext.get(runContext);
    if (links === undefined) this.#byContext.set(runContext, (links = new Map<string, ApprovalLink>()));
    links.set(keyOf(link, link.callId), link);
  }

  /** The link of a call of `toolName` made under `identity`, if there is one. */
  get(
    runContext: RunContext,
    toolName: string,
    callId: string,
    identity: RequestingIdentity,
  ): ApprovalLink | undefined {
    const link = this.#byContext.get(runContext)?.get(keyOf(identity, callId));
    return link?.toolName === toolName ? link : undefined;
  }

  /**
   * The link of an interruption, if Brane asked for it under the identity its runtime runs as now (each link's
   * runtime: a link of another identity, or of another runtime's identity, is not found).
   */
  forItem(runContext: RunContext, item: RunToolApprovalItem): ApprovalLink | undefined {
    const raw = item.rawItem;
    if (raw.type !== 'function_call') return undefined;
    for (const link of this.#byContext.get(runContext)?.values() ?? []) {
      if (link.callId !== raw.callId || link.toolName !== raw.name) continue;
      if (keyOf(link.runtime.identity, link.callId) === keyOf(link, link.callId)) return link;
    }
    return undefined;
  }

  /** Removes and returns the link of a call made under `identity`: an approval is used once. */
  take(
    runContext: RunContext,
    toolName: string,
    callId: string,
    identity: RequestingIdentity,
  ): ApprovalLink | undefined {
    const link = this.get(runContext, toolName, callId, identity);
    if (link !== undefined) this.#byContext.get(runContext)?.delete(keyOf(identity, callId));
    return link;
  }
}

/** JSON tells an absent tenant (`null`) from any tenant id, so no two identities or calls share a key. */
function keyOf(identity: RequestingIdentity, callId: string): string {
  return JSON.stringify([identity.tenantId ?? null, identity.principalId ?? null, callId]);
}

/** @internal The links of every governed tool of this package. */
export const approvalLinks = new ApprovalLinks();
