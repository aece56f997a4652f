import type { Runtime } from '@brane/core';
import type { BraneError } from '@brane/errors';
import type { RunContext, RunToolApprovalItem } from '@openai/agents';

/**
 * The Brane approval request behind one SDK interruption: made by `needsApproval` when Brane's policies
 * ask for approval, used by the tool's `execute` once the SDK resumes the run.
 *
 * @internal
 */
export interface ApprovalLink {
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
}

/**
 * Where the links live: with the run's `RunContext` (the SDK keeps one per run, across interruptions and
 * resumes), by tool call id. Held weakly: a finished run's links go with its context.
 *
 * @internal
 */
export class ApprovalLinks {
  readonly #byContext = new WeakMap<RunContext, Map<string, ApprovalLink>>();

  set(runContext: RunContext, link: ApprovalLink): void {
    let links = this.#byContext.get(runContext);
    if (links === undefined) this.#byContext.set(runContext, (links = new Map<string, ApprovalLink>()));
    links.set(link.callId, link);
  }

  /** The link of a call of `toolName`, if there is one. */
  get(runContext: RunContext, toolName: string, callId: string): ApprovalLink | undefined {
    const link = this.#byContext.get(runContext)?.get(callId);
    return link?.toolName === toolName ? link : undefined;
  }

  /** The link of an interruption, if Brane asked for it. */
  forItem(runContext: RunContext, item: RunToolApprovalItem): ApprovalLink | undefined {
    const raw = item.rawItem;
    if (raw.type !== 'function_call') return undefined;
    return this.get(runContext, raw.name, raw.callId);
  }

  /** Removes and returns the link of a call: an approval is used once. */
  take(runContext: RunContext, toolName: string, callId: string): ApprovalLink | undefined {
    const link = this.get(runContext, toolName, callId);
    if (link !== undefined) this.#byContext.get(runContext)?.delete(callId);
    return link;
  }
}

/** @internal The links of every governed tool of this package. */
export const approvalLinks = new ApprovalLinks();
