import { MAX_TEXT_LENGTH, boundText } from '@brane/errors';

/** Why a governed tool call did not give the model the tool's result. */
export type BraneToolDenialOutcome =
  'denied' | 'approval_required' | 'approval_rejected' | 'approval_expired' | 'approval_unusable';

/** What a {@link BraneToolDenial} says, before its message for the model is written. */
export interface BraneToolDenialInfo {
  readonly outcome: BraneToolDenialOutcome;
  /** The SDK tool name. */
  readonly tool: string;
  /** The Brane capability (for a routed call, the one that was refused). */
  readonly capability: string;
  /** The policy's reason, or why the approval cannot be used. */
  readonly reason: string;
  /** For `denied`: `before` (the tool never ran) or `after` (it ran, and its output was withheld). */
  readonly stage?: 'before' | 'after' | undefined;
  /** The policy that denied, when one did. */
  readonly policy?: string | undefined;
  readonly actionId?: string | undefined;
  /** The Brane approval concerned (`approval_*` outcomes). */
  readonly approvalId?: string | undefined;
  /** Who may approve (`approval_required`). */
  readonly approverGroups?: readonly string[] | undefined;
}

/**
 * The result a governed tool returns instead of its own when Brane refuses the call: the SDK records it as
 * the tool's result (a `tool-result` part, so the generation goes on), and the model is shown `message`
 * (as an `error-text` tool output). Check for it with {@link isBraneToolDenial}.
 *
 * @example
 * for (const result of step.toolResults) if (isBraneToolDenial(result.output)) log(result.output.reason);
 */
export interface BraneToolDenial extends BraneToolDenialInfo {
  readonly type: 'brane-denial';
  /** What the model is told: what happened, the reason, and what to do instead. */
  readonly message: string;
}

const OUTCOMES: ReadonlySet<unknown> = new Set<BraneToolDenialOutcome>([
  'denied',
  'approval_required',
  'approval_rejected',
  'approval_expired',
  'approval_unusable',
]);

/**
 * Whether a tool output is a {@link BraneToolDenial}. Works on outputs that went through JSON (UI messages
 * sent back by a client), as it checks the shape, not the identity.
 */
export function isBraneToolDenial(output: unknown): output is BraneToolDenial {
  if (typeof output !== 'object' || output === null) return false;
  const { type, outcome, message } = output as Partial<Record<keyof BraneToolDenial, unknown>>;
  return type === 'brane-denial' && OUTCOMES.has(outcome) && typeof message === 'string';
}

/**
 * The message the model sees for a denial, unless `describeDenial` writes another. The reason in it is cut
 * shorter than the bound of the whole message, so that what the model is told to do after it is never cut.
 */
export function defaultDenialMessage(info: BraneToolDenialInfo): string {
  const call = `the \`${info.tool}\` tool call`;
  const reason = sentence(boundText(info.reason, REASON_IN_MESSAGE));
  switch (info.outcome) {
    case 'denied':
      return info.stage === 'after'
        ? `The \`${info.tool}\` tool ran, but policy withheld its result. Reason: ${reason} Do not retry this call; tell the user the result cannot be shown.`
        : `Not allowed: ${call} was blocked by policy and did not run. Reason: ${reason} Do not retry this call with the same input; tell the user it is not allowed, or do something else.`;
    case 'approval_required':
      return `Waiting for approval: ${call} needs a human's approval${groups(info.approverGroups)} and did not run. Reason: ${reason} Tell the user it is waiting for approval; do not retry it.`;
    case 'approval_rejected':
      return `Rejected: ${call} was not approved, and did not run. ${reason} Do not retry it; tell the user it was rejected.`;
    case 'approval_expired':
      return `Expired: the approval for ${call} expired before it was used, and the call did not run. Do not retry it unless the user asks again.`;
    case 'approval_unusable':
      return `Not run: the approval for ${call} cannot be used (${boundText(info.reason, REASON_IN_MESSAGE).replace(/\.$/, '')}). Do not retry it; tell the user.`;
  }
}

/** Room for the reason in a default message: the bound, less the longest sentence around it. */
const REASON_IN_MESSAGE = MAX_TEXT_LENGTH - 400;

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function groups(approverGroups: readonly string[] | undefined): string {
  return approverGroups === undefined || approverGroups.length === 0 ? '' : ` from ${approverGroups.join(' or ')}`;
}
