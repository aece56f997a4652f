import { BraneError, describeValue } from '@brane/errors';
import {
  definePolicy,
  type Policy,
  type PolicyFunction,
  type PolicyOptions,
  type PolicyStage,
  type PolicyTarget,
} from '@brane/policy-engine';
import { nameOf } from './nameOf.js';

/** The policy `runtime.beforeCapability` / `afterCapability` registers for a plain function. */
export function functionPolicy<F extends PolicyFunction>(
  stage: PolicyStage,
  target: PolicyTarget,
  optionsOrFn: PolicyOptions | F,
  fn?: F,
): { readonly evaluate: F; readonly policy: Policy } {
  const evaluate = typeof optionsOrFn === 'function' ? optionsOrFn : fn;
  const options = typeof optionsOrFn === 'function' ? {} : optionsOrFn;
  const method = stage === 'before' ? 'beforeCapability' : 'afterCapability';
  if (typeof evaluate !== 'function') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `runtime.${method}: expected a policy function (got ${describeValue(evaluate)})`,
    );
  }
  const policy = definePolicy({
    stage,
    target,
    options,
    evaluate,
    declaredAt: `runtime.${method}(${nameOf(options) ?? evaluate.name})`,
    defaultName: evaluate.name || undefined,
  });
  return { evaluate, policy };
}
