import type { Decision } from '@brane/decisions';
import type { PolicyRegistry } from '@brane/policy-engine';
import type { AuditTrail } from './audit/AuditTrail.js';
import type { CapabilityRegistry } from './CapabilityRegistry.js';
import type { ApprovalGate } from './features/ApprovalGate.js';
import type { Identity } from './Identity.js';
import type { LimitGate } from './limits/LimitGate.js';
import type { SessionRecorder } from './SessionRecorder.js';
import type { TargetDirectory } from './TargetDirectory.js';

/** What an invoker works with: its runtime's registries and identity, and how it evaluates. */
export interface InvokerOptions {
  readonly policies: PolicyRegistry;
  readonly capabilities: CapabilityRegistry;
  readonly targets: TargetDirectory;
  /** Approvals: `ApprovalFlow`, or a gate that refuses when the approvals feature is not loaded. */
  readonly approvals: ApprovalGate;
  /** Whether an async capability waits in-process for a human's decision instead of throwing. */
  readonly waitForApproval: boolean;
  /** The runtime's own identity. */
  readonly identity: Identity;
  readonly defaultDecision: Decision;
  readonly policyTimeoutMs: number;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The audit trail, when the runtime has sinks. */
  readonly audit: AuditTrail | undefined;
  /** Reserves the limits that decisions carry. */
  readonly limits: LimitGate;
  /** Sessions: where they are kept, and how values are fingerprinted. */
  readonly sessions: SessionRecorder;
}
