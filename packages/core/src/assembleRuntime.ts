import { Decision } from '@brane/decisions';
import { InMemoryLimitStore } from '@brane/limits';
import { parseOptions, type PolicyRegistry } from '@brane/policy-engine';
import type { AuditTrail } from './audit/AuditTrail.js';
import { CapabilityInvoker } from './CapabilityInvoker.js';
import type { CapabilityRegistry } from './CapabilityRegistry.js';
import type { ExplainInput } from './explain.js';
import { absentApprovals } from './features/absentApprovals.js';
import { featureOf, requireFeature, type RuntimeApprovals } from './features/RuntimeFeatures.js';
import { runtimeIdentity } from './Identity.js';
import { LimitGate } from './limits/LimitGate.js';
import { runtimeOptionsSchema, type RuntimeOptions } from './RuntimeOptions.js';
import { SessionRecorder } from './SessionRecorder.js';
import type { TargetDirectory } from './TargetDirectory.js';

/** What a runtime is made of, besides its registries. */
export interface RuntimeParts {
  readonly invoker: CapabilityInvoker;
  /** Its approvals: the approvals feature's, or ones that refuse every use when that feature is not loaded. */
  readonly approvals: RuntimeApprovals;
  readonly audit: AuditTrail | undefined;
  readonly limits: LimitGate;
  readonly sessions: SessionRecorder;
  /** How `explain` evaluates: as an async call would, with the runtime's metadata. */
  readonly explaining: Pick<ExplainInput, 'mode' | 'metadata'>;
  /** Whether a policy on an unknown target refuses governed calls (`unknownTargets: 'throw'`, the default). */
  readonly refusesUnknownTargets: boolean;
}

/** The registries a runtime owns, which its invoker reads. */
export interface RuntimeRegistries {
  readonly policies: PolicyRegistry;
  readonly capabilities: CapabilityRegistry;
  readonly targets: TargetDirectory;
}

/**
 * Validates a runtime's `options` and makes its parts. Approvals and the audit trail come from the registered
 * features: naming either in the options without its feature loaded is a `ConfigurationError`
 * (`FEATURE_NOT_LOADED`) that says which call to add.
 */
export function assembleRuntime(options: RuntimeOptions, registries: RuntimeRegistries): RuntimeParts {
  const parsed = parseOptions(runtimeOptionsSchema, options, 'new Runtime');
  const approvalFeature =
    parsed.approvals === undefined
      ? featureOf('approvals')
      : requireFeature('approvals', 'new Runtime: the `approvals` option');
  const auditFeature =
    parsed.audit === undefined ? undefined : requireFeature('audit', 'new Runtime: the `audit` option');
  approvalFeature?.check(parsed.approvals ?? {});
  const audit = parsed.audit === undefined ? undefined : auditFeature?.create(parsed.audit);
  const approvals = approvalFeature?.create(parsed.approvals ?? {}, registries.policies, audit) ?? absentApprovals();
  const sessions = new SessionRecorder(parsed.sessions);
  const defaultDecision =
    parsed.defaultDecision === 'deny'
      ? Decision.deny('No policy matched this capability, and the runtime denies by default')
      : Decision.allow();
  const metadata = Object.freeze({ ...parsed.metadata });
  const limits = new LimitGate(parsed.limits ?? new InMemoryLimitStore());
  const policyTimeoutMs = parsed.policyTimeoutMs ?? 5000;
  const invoker = new CapabilityInvoker({
    ...registries,
    approvals: approvals.gate,
    waitForApproval: approvals.wait,
    identity: runtimeIdentity(parsed),
    defaultDecision,
    policyTimeoutMs,
    metadata,
    audit,
    limits,
    sessions,
  });
  return {
    invoker,
    approvals,
    audit,
    limits,
    sessions,
    explaining: { mode: { whenNoneMatch: defaultDecision, async: true, timeoutMs: policyTimeoutMs }, metadata },
    refusesUnknownTargets: (parsed.unknownTargets ?? 'throw') === 'throw',
  };
}
