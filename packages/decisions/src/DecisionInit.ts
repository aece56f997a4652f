import type { ApprovalRequest, ApprovalRequestInit } from './ApprovalRequest.js';
import type { Decision } from './Decision.js';
import type { DecisionType } from './DecisionType.js';
import type { Limit, LimitInit } from './Limit.js';
import type { Mutations } from './Mutations.js';
import type { RouteTarget } from './RouteTarget.js';
import type { SandboxConstraints } from './SandboxConstraints.js';

/** A structured payload carried by a decision (audit metadata, free-form metadata). */
export type DecisionPayload = Readonly<Record<string, unknown>>;

/** The fields every typed constructor takes besides its payload. */
export interface DecisionOptions {
  /** Human-readable reason; it becomes `CapabilityDeniedError.reason`. Bounded (`boundText`) when longer than 2,000 characters. */
  readonly reason?: string | undefined;
  /** Arbitrary metadata, copied and frozen. */
  readonly metadata?: DecisionPayload | undefined;
  /** Audit metadata to attach to the action record. */
  readonly audit?: DecisionPayload | undefined;
  /** The policy that produced it. The runtime sets this from the registered policy. */
  readonly policyName?: string | undefined;
  /** That policy's version. The runtime sets this from the registered policy. */
  readonly policyVersion?: string | undefined;
  /** The action it applies to. The runtime sets this. */
  readonly actionId?: string | undefined;
}

/** What a {@link Decision} is built from. Only `type` is required, plus the payload of that type. */
export interface DecisionInit extends DecisionOptions {
  readonly type: DecisionType;
  /** For `redact`, `transform_input` and `transform_output`. */
  readonly mutations?: Mutations | undefined;
  /** For `approval_required`: the request (or what a policy writes: `approverGroup`, `expiresInMinutes`, ...). */
  readonly approval?: ApprovalRequest | ApprovalRequestInit | undefined;
  /** For `route`. */
  readonly route?: RouteTarget | undefined;
  /** For `sandbox`. */
  readonly sandbox?: SandboxConstraints | undefined;
  /** For a composed decision: the decisions, other than allows, that it was composed from, in order. */
  readonly effects?: readonly Decision[] | undefined;
  /** The limits the action reserves when it is about to run (any type but `deny`; see {@link Decision.withLimits}). */
  readonly limits?: readonly (Limit | LimitInit)[] | undefined;
  /** Data labels the action's output carries from now on (`pii`, `secret`, `untrusted`); not on a deny. */
  readonly labels?: readonly string[] | undefined;
}

/** The identity the runtime stamps on a decision: which policy made it, for which action. */
export interface DecisionAttribution {
  readonly policyName: string | undefined;
  readonly policyVersion: string | undefined;
  readonly actionId: string | undefined;
}

/** The JSON form of a decision: its defined fields, with `effects` in JSON form. */
export interface DecisionJSON {
  readonly type: DecisionType;
  readonly decisionId: string;
  readonly reason?: string;
  readonly actionId?: string;
  readonly policyName?: string;
  readonly policyVersion?: string;
  readonly mutations?: Mutations;
  readonly approval?: ApprovalRequest;
  readonly route?: RouteTarget;
  readonly sandbox?: SandboxConstraints;
  readonly audit?: DecisionPayload;
  readonly effects?: readonly DecisionJSON[];
  readonly limits?: readonly Limit[];
  readonly labels?: readonly string[];
  readonly metadata: DecisionPayload;
}
