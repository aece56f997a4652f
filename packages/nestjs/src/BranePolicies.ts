import { Injectable } from '@nestjs/common';
import { ConfigurationError, describeValue } from '@brane/errors';

const marked = new WeakSet<object>();

/**
 * Marks a class as a Brane policy class and makes it injectable: `BraneModule` has the container build it,
 * with its dependencies, and registers it with `runtime.use` once, at start-up. With
 * `BraneModule.forRoot({ policies: 'marked' })` only marked classes are registered; a marked class without
 * `@BeforeCapability` or `@AfterCapability` methods is refused at start-up. Works under both decorator
 * compilations.
 *
 * @example
 * @BranePolicies()
 * export class RefundPolicies {
 *   constructor(private readonly limits: TenantLimits) {}
 *   @BeforeCapability('refund_customer') limit(ctx: PolicyContext) { ... }
 * }
 */
export function BranePolicies(): (target: abstract new (...args: never[]) => object, context?: unknown) => void {
  return (target, context) => {
    if (typeof target !== 'function') {
      throw new ConfigurationError(
        'INVALID_DECORATOR_USAGE',
        `@BranePolicies decorates a class (it was applied to ${describeValue(target)})`,
      );
    }
    if (context !== undefined && (context as { kind?: unknown }).kind !== 'class') {
      throw new ConfigurationError('INVALID_DECORATOR_USAGE', '@BranePolicies decorates a class, not a member');
    }
    marked.add(target);
    Injectable()(target);
  };
}

/** Whether `target` (a class) or one of its ancestors was marked with `@BranePolicies()`. */
export function isMarkedPolicyClass(target: unknown): boolean {
  for (let ctor: unknown = target; typeof ctor === 'function'; ctor = Object.getPrototypeOf(ctor)) {
    if (marked.has(ctor)) return true;
  }
  return false;
}
