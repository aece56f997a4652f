import './polyfillSymbolMetadata.js';
import type { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import {
  definePolicy,
  type PolicyFunction,
  type PolicyContext,
  type PolicyOptions,
  type PolicyStage,
  type PolicyTarget,
} from '@brane/policy-engine';
import { POLICIES, type PolicyRecord } from './classMetadata.js';
import { decoratedMethod } from './decoratorCall.js';

/** A method that can be a policy: it takes the context and returns a Decision, or a promise of one. */
export type PolicyMethod<This> = (this: This, ctx: PolicyContext) => Decision | PromiseLike<Decision>;

/** The decorator `@BeforeCapability(...)` and `@AfterCapability(...)` return. */
export interface PolicyDecorator {
  <This>(method: PolicyMethod<This>, context: ClassMethodDecoratorContext<This, PolicyMethod<This>>): void;
  <Fn extends (ctx: PolicyContext) => Decision | PromiseLike<Decision>>(
    prototype: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<Fn>,
  ): void;
}

/** Builds the policy decorator of one stage. The method stays unchanged: call it directly in tests. */
export function policyDecorator(
  stage: PolicyStage,
  target: PolicyTarget,
  options: PolicyOptions = {},
): PolicyDecorator {
  const name = stage === 'before' ? '@BeforeCapability' : '@AfterCapability';
  if (typeof target === 'function') {
    throw new ConfigurationError(
      'INVALID_DECORATOR_USAGE',
      `${name} must be called with its target: write \`${name}('capability_name')\``,
    );
  }
  return (...args: unknown[]) => {
    const decoration = decoratedMethod(name, args);
    const policy = definePolicy({
      stage,
      target,
      options,
      evaluate: decoration.method as PolicyFunction,
      declaredAt: decoration.where,
      defaultName: decoration.key,
    });
    const record: PolicyRecord = { key: decoration.key, policy };
    decoration.record(POLICIES, record);
    return decoration.result();
  };
}
