import type { Policy } from '@brane/policy-engine';
import type { CapabilityDefinition } from './CapabilityDefinition.js';

/**
 * What `@Capability` records about a method. Never the undecorated method: class metadata is readable by any
 * code (`Symbol.metadata` and its symbol keys are public), so a record holding it would be a way to run the
 * capability without its gate. Only the gate and the runtime's module-private tables hold the method.
 */
export interface CapabilityRecord {
  /** The method name. */
  readonly key: string;
  readonly definition: CapabilityDefinition;
  /** The gate that replaced it on the prototype. */
  readonly gate: (...args: unknown[]) => unknown;
}

/** What `@BeforeCapability` and `@AfterCapability` record about a method: the policy, not yet bound. */
export interface PolicyRecord {
  readonly key: string;
  readonly policy: Policy;
}

/** Module-private keys, so that no other code can forge Brane's metadata by name (it can still read it). */
export const CAPABILITIES: unique symbol = Symbol('brane.capabilities');
export const POLICIES: unique symbol = Symbol('brane.policies');
export type RecordKey = typeof CAPABILITIES | typeof POLICIES;

/**
 * Appends a record to a class's standard decorator metadata. A subclass's metadata object inherits from its
 * parent's, so the list is copied on the first write instead of pushing onto the parent's array.
 */
export function recordInMetadata(metadata: DecoratorMetadataObject, key: RecordKey, record: unknown): void {
  const own = Object.hasOwn(metadata, key)
    ? (metadata[key] as unknown[])
    : [...((metadata[key] as unknown[] | undefined) ?? [])];
  own.push(record);
  metadata[key] = own;
}

/**
 * The records of `experimentalDecorators` code, by prototype: module-private (no other code can read or forge
 * them), and held weakly. A prototype's list starts as a copy of its nearest ancestor's.
 */
const legacyMetadata = new WeakMap<object, Partial<Record<RecordKey, unknown[]>>>();

/** The same for `experimentalDecorators` code, kept by prototype. */
export function recordInLegacyMetadata(prototype: object, key: RecordKey, record: unknown): void {
  let own = legacyMetadata.get(prototype);
  if (own === undefined) legacyMetadata.set(prototype, (own = {}));
  const list = (own[key] ??= [...legacyRecords(Object.getPrototypeOf(prototype), key)]);
  list.push(record);
}

/** The legacy records of `key` of the nearest prototype in the chain that has some. */
function legacyRecords(prototype: unknown, key: RecordKey): readonly unknown[] {
  for (
    let current = prototype;
    typeof current === 'object' && current !== null;
    current = Object.getPrototypeOf(current)
  ) {
    const list = legacyMetadata.get(current)?.[key];
    if (list !== undefined) return list;
  }
  return [];
}

/** Every `@Capability` record of an instance's class and its ancestors, ancestors first. */
export function capabilityRecords(instance: object): readonly CapabilityRecord[] {
  return readRecords(Object.getPrototypeOf(instance), CAPABILITIES) as CapabilityRecord[];
}

/** Every policy record of an instance's class and its ancestors, ancestors first. */
export function policyRecords(instance: object): readonly PolicyRecord[] {
  return readRecords(Object.getPrototypeOf(instance), POLICIES) as PolicyRecord[];
}

/** The records of `key` kept for the class whose prototype is `prototype`, and its ancestors. */
export function readRecords(prototype: unknown, key: RecordKey): readonly unknown[] {
  if (typeof prototype !== 'object' || prototype === null) return [];
  const ctor: unknown = (prototype as { constructor?: unknown }).constructor;
  const metadata =
    typeof ctor === 'function' ? (ctor as { [Symbol.metadata]?: DecoratorMetadataObject })[Symbol.metadata] : undefined;
  const standard = (metadata?.[key] as unknown[] | undefined) ?? [];
  const legacy = legacyRecords(prototype, key);
  return [...standard, ...legacy];
}
