import type { ApprovalView } from './ApprovalView.js';
import type { CapabilityInfo, CapabilityType } from './CapabilityInfo.js';
import type { SessionView } from './SessionView.js';
import type { StreamView } from './StreamView.js';

/** Deployment environments. `prod` makes `ctx.isProd` true. */
export const ENVIRONMENTS = Object.freeze(['dev', 'test', 'staging', 'prod'] as const);
/** One of the {@link ENVIRONMENTS}. */
export type Environment = (typeof ENVIRONMENTS)[number];

/** The kind of an action, derived from its capability's type (`tool_call`, `model_call`, ...). */
export type ActionType = `${CapabilityType}_call`;

/**
 * One attempted use of a capability, as a policy sees it: who, what, where, and with what. `@brane/core`'s
 * `AgentAction` implements it.
 */
export interface ActionInfo {
  /** A ULID, unique per action. */
  readonly actionId: string;
  /** Shared by every action of one request. */
  readonly traceId: string;
  /** The action that was running when this one started (a nested or delegated call). */
  readonly parentActionId: string | undefined;
  readonly actionType: ActionType;
  /** When the action started, ISO 8601. */
  readonly timestamp: string;
  readonly agentId: string | undefined;
  /** The user or service the agent acts for. */
  readonly principalId: string | undefined;
  readonly tenantId: string | undefined;
  readonly environment: Environment;
  /** The scopes granted to the agent for this action. */
  readonly scopes: readonly string[];
  readonly capability: CapabilityInfo;
  /** The arguments, by name. */
  readonly input: Readonly<Record<string, unknown>>;
  /**
   * The arguments by position, exactly as the capability receives them, when the capability names them by
   * position (`capability.params`). Lets `ctx.arg` read one without building `input`.
   */
  readonly args?: readonly unknown[] | undefined;
  /** The capability's output; `undefined` until it has run. */
  readonly output: unknown;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The approval the action was resumed with, if a human approved it. */
  readonly approval?: ApprovalView | undefined;
  /** The session (agent run, conversation) the action belongs to. */
  readonly sessionId?: string | undefined;
  /** What the action's policies read of its session; absent outside a session. */
  readonly session?: SessionView | undefined;
  /** For a streaming capability, at the `after` stage: the stream so far (`output` is the current chunk). */
  readonly stream?: StreamView | undefined;
}
