import type { PolicyOptions, PolicyTarget } from '@brane/policy-engine';
import { policyDecorator, type PolicyDecorator } from './policyDecorator.js';

/**
 * Marks a method as a policy that runs before the targeted capabilities execute. A deny stops the call:
 * the capability never runs. Register the instance with `runtime.use(instance)`.
 *
 * @param target a capability name, `*` for every capability, or a list of names
 * @example
 * @BeforeCapability('refund_customer', { name: 'refund_amount_limit', version: '1.0', priority: 100 })
 * amountLimit(ctx: PolicyContext): Decision { ... }
 */
export function BeforeCapability(target: PolicyTarget, options?: PolicyOptions): PolicyDecorator {
  return policyDecorator('before', target, options);
}
