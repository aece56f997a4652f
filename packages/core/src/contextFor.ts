import { PolicyContext, type LimitsView, type PolicyStage } from '@brane/policy-engine';
import { TRUSTED_CONTEXT } from '@brane/policy-engine/internal';
import type { AgentAction } from './AgentAction.js';

/** The context the runtime's policies read for `action` at `stage` (built without re-validating it). */
export function contextFor(
  action: AgentAction,
  stage: PolicyStage,
  metadata: Readonly<Record<string, unknown>>,
  limits?: LimitsView,
): PolicyContext {
  const output = stage === 'after' ? action.output : undefined;
  return new PolicyContext(TRUSTED_CONTEXT, action, stage, output, metadata, limits);
}
