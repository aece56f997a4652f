import { ApprovalRequiredError } from '@brane/errors';
import type { ModelMessage } from 'ai';
import type { GovernedTool } from './GovernedTool.js';
import { requireCallOptions } from './requireCallOptions.js';
import { approvalRequestsOf } from './sdkApprovals.js';
import { toolCallScope } from './toolCallScope.js';
import { inToolSession } from './toolSessionId.js';

/** What the SDK passes to `needsApproval`. */
export interface NeedsApprovalOptions {
  readonly toolCallId: string;
  readonly messages: ModelMessage[];
  readonly experimental_context?: unknown;
}

/**
 * The `needsApproval` of a governed tool: `true` when the tool's own `needsApproval` says so, or when
 * Brane's before-policies ask for approval of this call, in which case the Brane approval request is
 * recorded now and linked to the tool call and the identity it runs as (see `braneApprovalOf`): a tool call id
 * another tenant or principal reused gets a request of its own.
 *
 * It never grants anything: whatever it answers, `execute` runs the call through Brane's full lifecycle.
 * When the SDK checks an approved call again (its messages hold the call's approval request), it answers
 * `true` without asking Brane, so that the call reaches `execute`, where Brane decides.
 */
export function needsApprovalFor(governed: GovernedTool) {
  return async (input: unknown, options: NeedsApprovalOptions): Promise<boolean> => {
    requireCallOptions(governed.tool, 'needsApproval', options);
    return await inToolSession(governed.governor.runtime, governed.options.sessionId(options), () =>
      needsApproval(governed, input, options),
    );
  };
}

async function needsApproval(governed: GovernedTool, input: unknown, options: NeedsApprovalOptions): Promise<boolean> {
  const own = await ownNeedsApproval(governed, input, options);
  if (approvalRequestsOf(options.toolCallId, options.messages ?? []).size > 0) return true;
  const identity = governed.governor.runtime.identity;
  if (governed.governor.links.linkOf(identity, governed.tool, options.toolCallId, input) !== undefined) return true;
  const brane = await requestBraneApproval(governed, input, options);
  return own || brane;
}

async function ownNeedsApproval(governed: GovernedTool, input: unknown, options: NeedsApprovalOptions) {
  const own = governed.original.needsApproval;
  if (typeof own === 'function') return await own(input, options);
  return own === true;
}

/**
 * Asks Brane whether this call needs approval (`runtime.explain`, which runs nothing and records nothing);
 * if it does, records the request by calling the capability as a probe, which stops at the approval and
 * never reaches the tool. Anything else (a deny, an allow, a call Brane cannot evaluate) is `false`:
 * `execute` governs the call and reports it.
 */
async function requestBraneApproval(governed: GovernedTool, input: unknown, options: NeedsApprovalOptions) {
  const { runtime } = governed.governor;
  try {
    const explanation = await runtime.explain(governed.capability, input as Readonly<Record<string, unknown>>);
    if (explanation.decision.type !== 'approval_required') return false;
  } catch {
    return false;
  }
  const scope = {
    capability: governed.capability,
    execute: undefined,
    options,
    probe: true,
    keys: await governed.keys,
  };
  try {
    await toolCallScope.run(scope, async () => {
      const result = governed.call(input as Record<string, unknown>);
      // A streaming tool's policies run when its stream is first read.
      await (result instanceof Promise ? result : result.next());
    });
    return false; // unreachable: a probe that reaches the body throws
  } catch (error) {
    if (!(error instanceof ApprovalRequiredError)) return false;
    const { tenantId, principalId } = runtime.identity; // what the probe ran as, and the request is bound to
    governed.governor.links.link(
      {
        tenantId,
        principalId,
        approvalId: error.approvalId,
        capability: error.capability,
        toolName: governed.tool,
        toolCallId: options.toolCallId,
        reason: error.reason,
        approverGroups: Object.freeze([...error.approverGroups]),
        expiresAt: error.expiresAt,
      },
      input,
    );
    return true;
  }
}
