import type { LimitStore } from '@brane/limits';
import type { Environment } from '@brane/policy-engine';
import { option } from '@brane/policy-engine';
import { approvalOptionsSchema, type ApprovalOptions } from './ApprovalOptions.js';
import { auditOptionsSchema, type AuditOptions } from './audit/AuditOptions.js';
import { identityFields } from './Identity.js';
import { sessionOptionsSchema, type SessionOptions } from './SessionOptions.js';

/** Options of a {@link Runtime}. All optional. */
export interface RuntimeOptions {
  /** The agent this runtime governs. */
  readonly agentId?: string | undefined;
  /** Default `dev`. Only `prod` makes `ctx.isProd` true. */
  readonly environment?: Environment | undefined;
  /** The default tenant; `withContext` overrides it per request. */
  readonly tenantId?: string | undefined;
  /** The default principal (the user or service the agent acts for). */
  readonly principalId?: string | undefined;
  /** Scopes granted to the agent; `refunds:*` grants every `refunds:` scope. */
  readonly scopes?: readonly string[] | undefined;
  /** The decision when no policy matches a capability. Default `allow`, as in the reference semantics. */
  readonly defaultDecision?: 'allow' | 'deny' | undefined;
  /** How long an async policy may take before it counts as a deny. Default 5000 ms. */
  readonly policyTimeoutMs?: number | undefined;
  /** Metadata every policy can read as `ctx.metadata`. */
  readonly metadata?: Readonly<Record<string, unknown>> | undefined;
  /** Where approvals are kept, and whether calls wait for them. */
  readonly approvals?: ApprovalOptions | undefined;
  /** The audit trail: its sinks, durability, overflow policy and sensitive names. Off by default. */
  readonly audit?: AuditOptions | undefined;
  /**
   * Where the limits that decisions carry (`decision.withLimits`) are counted. Default: an `InMemoryLimitStore`
   * of this runtime; a shared store (`@brane/redis`, `@brane/postgres`) makes them hold across a fleet.
   */
  readonly limits?: LimitStore | undefined;
  /** Where sessions are kept (default: in memory) and how values are fingerprinted. */
  readonly sessions?: SessionOptions | undefined;
  /**
   * A policy whose exact target no governed capability declares (a typo such as `refund_custmer`): `'throw'`
   * (the default) refuses every governed call with a `ConfigurationError` (`UNKNOWN_TARGET`) until it is fixed;
   * the check runs on the first call after each policy registration. `'ignore'` is for code that registers
   * capabilities after its first calls: call `runtime.validate()` yourself once they are registered.
   */
  readonly unknownTargets?: 'throw' | 'ignore' | undefined;
}

/** Validates {@link RuntimeOptions}: unknown keys are errors, not silently ignored. */
export const runtimeOptionsSchema = option.strictObject({
  agentId: identityFields.agentId,
  environment: identityFields.environment,
  tenantId: identityFields.tenantId,
  principalId: identityFields.principalId,
  scopes: identityFields.scopes,
  defaultDecision: option.enum(['allow', 'deny']).optional(),
  policyTimeoutMs: option.number().int().positive().max(2_147_483_647).optional(),
  metadata: option.record().optional(),
  approvals: approvalOptionsSchema.optional(),
  audit: auditOptionsSchema.optional(),
  limits: option
    .custom<LimitStore>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as Record<string, unknown>)['synchronous'] === 'boolean' &&
        ['reserve', 'release', 'renew', 'usage'].every(
          (method) => typeof (value as Record<string, unknown>)[method] === 'function',
        ),
      'must implement LimitStore (synchronous, reserve, release, renew, usage)',
    )
    .optional(),
  sessions: sessionOptionsSchema.optional(),
  unknownTargets: option.enum(['throw', 'ignore']).optional(),
});
