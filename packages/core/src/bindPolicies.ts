import { BraneError, ConfigurationError } from '@brane/errors';
import type { Policy } from '@brane/policy-engine';
import { policyRecords, type PolicyRecord } from './classMetadata.js';
import { rememberPolicySource } from './minifiedParams.js';

/**
 * Turns the decorated policy methods of `instance` into policies bound to it, so that a policy reads its
 * injected dependencies through `this`. A method overridden in a subclass uses the override; one decorated
 * again in a subclass uses the subclass's options.
 */
export function bindPolicies(instance: object): readonly Policy[] {
  const records = policyRecords(instance);
  const ctor = (Object.getPrototypeOf(instance) as { constructor?: { name?: string } } | null)?.constructor;
  const className = ctor?.name || 'anonymous class';
  if (records.length === 0) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `runtime.use: \`${className}\` has no @BeforeCapability or @AfterCapability methods, so there is nothing to register`,
    );
  }
  const byKey = new Map<string, PolicyRecord>();
  for (const record of records) byKey.set(record.key, record);
  return [...byKey.values()].map(({ key, policy }) => {
    const method: unknown = (instance as Record<string, unknown>)[key];
    if (typeof method !== 'function') {
      throw new ConfigurationError(
        'INVALID_DECORATOR_USAGE',
        `runtime.use: \`${className}.${key}\` is no longer a method`,
      );
    }
    const bound: Policy = Object.freeze({
      ...policy,
      declaredAt: `${className}.${key}`,
      evaluate: (method as Policy['evaluate']).bind(instance),
    });
    rememberPolicySource(bound, method as Policy['evaluate']);
    return bound;
  });
}
