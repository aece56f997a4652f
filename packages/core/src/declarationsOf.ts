import { BraneError, describeValue } from '@brane/errors';
import type { PolicyStage } from '@brane/policy-engine';
import type { CapabilityDefinition } from './CapabilityDefinition.js';
import { CAPABILITIES, POLICIES, readRecords, type CapabilityRecord, type PolicyRecord } from './classMetadata.js';

/** What Brane's decorators declared on a class and its ancestors, as {@link declarationsOf} reports it. */
export interface ClassDeclarations {
  /** One entry per `@Capability` method, the most derived declaration of each. */
  readonly capabilities: readonly { readonly method: string; readonly capability: CapabilityDefinition }[];
  /** One entry per `@BeforeCapability` / `@AfterCapability` method, the most derived declaration of each. */
  readonly policies: readonly {
    readonly method: string;
    readonly stage: PolicyStage;
    /** The policy's name, as `runtime.use` registers it. */
    readonly policy: string;
    readonly targets: readonly string[];
  }[];
}

/**
 * Reports the `@Capability` and policy methods a class (or an instance's class) declares, in either decorator
 * compilation, without registering anything. For containers that decide what to `govern` and `use`.
 *
 * @example
 * declarationsOf(SupportAgent).capabilities.map((c) => c.capability.name) // ['refund_customer']
 */
export function declarationsOf(target: object): ClassDeclarations {
  if ((typeof target !== 'object' && typeof target !== 'function') || target === null) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `declarationsOf: expected a class or an instance (got ${describeValue(target)})`,
    );
  }
  const prototype: unknown =
    typeof target === 'function' ? (target as { prototype?: unknown }).prototype : Object.getPrototypeOf(target);
  const capabilities = new Map<string, ClassDeclarations['capabilities'][number]>();
  for (const record of readRecords(prototype, CAPABILITIES) as CapabilityRecord[]) {
    capabilities.set(record.key, { method: record.key, capability: record.definition });
  }
  const policies = new Map<string, ClassDeclarations['policies'][number]>();
  for (const { key, policy } of readRecords(prototype, POLICIES) as PolicyRecord[]) {
    policies.set(key, { method: key, stage: policy.stage, policy: policy.name, targets: policy.targets });
  }
  return Object.freeze({
    capabilities: Object.freeze([...capabilities.values()]),
    policies: Object.freeze([...policies.values()]),
  });
}
