import type { Decision } from '@brane/decisions';
import type { EvaluationOptions, LimitsView } from '@brane/policy-engine';
import type { AfterStage } from '../AfterStage.js';
import type { Identity } from '../Identity.js';
import type { InvokerOptions } from '../InvokerOptions.js';
import { enforceBefore } from '../prepareExecution.js';
import type { Target } from '../TargetDirectory.js';
import type { StreamCall, StreamGovernance } from './governStream.js';

/** What streams need of the invoker that governs them: resuming an approved call under an identity. */
export interface StreamHost {
  resume(approvalId: string, target: Target, signal?: AbortSignal): Promise<unknown>;
  runWithIdentity<T>(identity: Identity, fn: () => T, signal?: AbortSignal): T;
}

/** The parts of the invoker a stream is governed with, besides its options. */
export interface StreamParts {
  /** How before-policies are evaluated: as for an async call. */
  readonly before: EvaluationOptions;
  readonly after: AfterStage;
  readonly limits: LimitsView;
}

/** How `host` governs streaming capabilities, with the invoker's `options` and `parts`. */
export function streamGovernance(host: StreamHost, options: InvokerOptions, parts: StreamParts): StreamGovernance {
  const enforcement = options;
  /** A stream's approval: requested (and thrown), or waited for and resumed under the caller's identity. */
  const approve = async (call: StreamCall, decision: Decision): Promise<AsyncIterable<unknown>> => {
    const required = await enforcement.approvals.request(call.action, decision, true);
    if (!enforcement.waitForApproval) throw required;
    await enforcement.approvals.waitFor(required.approvalId, call.signal);
    const target = { invocation: call.invocation, receiver: call.receiver };
    const resumed = host.runWithIdentity(
      call.action.identity,
      () => host.resume(required.approvalId, target, call.signal),
      call.signal,
    );
    return (await resumed) as AsyncIterable<unknown>;
  };
  return {
    ...parts,
    policies: options.policies,
    metadata: options.metadata,
    sessions: options.sessions,
    reserve: (action, before, limits, rec) => enforcement.limits.reserveAsync(action, before, limits, rec),
    prepare: (action, before, invocation, receiver) => enforceBefore(action, before, invocation, receiver, enforcement),
    approve,
  };
}
