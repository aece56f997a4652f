import type { PolicyOptions, PolicyTarget } from '@brane/policy-engine';
import { policyDecorator, type PolicyDecorator } from './policyDecorator.js';

/**
 * Marks a method as a policy that runs after the targeted capabilities execute, with `ctx.output` set. A
 * deny withholds the output: the call fails with a `CapabilityDeniedError` at stage `after`.
 *
 * @param target a capability name, `*` for every capability, or a list of names
 */
export function AfterCapability(target: PolicyTarget, options?: PolicyOptions): PolicyDecorator {
  return policyDecorator('after', target, options);
}
