import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import type { CapabilityDefinition } from './CapabilityDefinition.js';
import { capabilityRecords, type CapabilityRecord } from './classMetadata.js';
import { invocationOf, registerEntry } from './gates.js';
import { INVOKE, type Governor, type Invocation } from './governors.js';
import { refuseUndeclaredStream } from './streams/refuseUndeclaredStream.js';

/** What governing one instance registers and installs. */
export interface GovernPlan {
  readonly className: string;
  /** Every capability declared in the class hierarchy, with the base-most declaration of its method. */
  readonly capabilities: readonly {
    readonly definition: CapabilityDefinition;
    readonly root: CapabilityDefinition;
    readonly location: string;
  }[];
  /** The method each capability key resolves to on this instance (the most derived declaration). */
  readonly bindings: readonly { readonly key: string; readonly invocation: Invocation }[];
}

/**
 * Works out how to govern `instance` from its class's `@Capability` records, refusing anything that would
 * leave a silent path around the policies: a generator method not declared streaming, a subclass override of a capability method without
 * `@Capability`, or an own property that shadows one.
 */
export function planGovernance(instance: object): GovernPlan {
  const records = capabilityRecords(instance);
  const className = classNameOf(instance);
  if (records.length === 0) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `runtime.govern: \`${className}\` has no @Capability methods, so there is nothing to govern`,
    );
  }
  const byKey = new Map<string, CapabilityRecord[]>();
  for (const record of records) byKey.set(record.key, [...(byKey.get(record.key) ?? []), record]);

  const capabilities: GovernPlan['capabilities'][number][] = [];
  const bindings: GovernPlan['bindings'][number][] = [];
  for (const [key, chain] of byKey) {
    const root = (chain[0] as CapabilityRecord).definition;
    for (const record of chain) {
      refuseUndeclaredStream(
        record.definition,
        invocationOf(record.gate)?.original,
        `runtime.govern: \`${className}.${key}\``,
      );
      capabilities.push({ definition: record.definition, root, location: `${className}.${key}` });
    }
    if (Object.hasOwn(instance, key)) {
      throw new ConfigurationError(
        'ALREADY_GOVERNED',
        `runtime.govern: \`${className}\` has an own property \`${key}\` that shadows the capability \`${root.name}\`; calls to it would skip the policies`,
      );
    }
    const resolved: unknown = (instance as Record<string, unknown>)[key];
    const invocation = invocationOf(resolved);
    if (invocation === undefined || !chain.some((record) => record.gate === resolved)) {
      throw new ConfigurationError(
        'INVALID_DECORATOR_USAGE',
        `runtime.govern: \`${className}.${key}\` overrides the capability \`${root.name}\` without @Capability; decorate the override so that no call path skips the policies (got ${describeValue(resolved)})`,
      );
    }
    bindings.push({ key, invocation });
  }
  return { className, capabilities, bindings };
}

/**
 * Installs, on the instance, a bound governed function for each capability method, so that a destructured
 * or passed-around method stays governed. Each is a read-only, non-configurable data property (an accessor
 * would cost every call a getter): assigning over it throws a TypeError in strict-mode code (all modules and
 * classes) and redefining it always throws; the governed method stays. A frozen or sealed instance keeps
 * only the prototype gates (detached calls are then refused, never allowed).
 */
export function installBindings(instance: object, plan: GovernPlan, governor: Governor): void {
  if (!Object.isExtensible(instance)) return;
  for (const { key, invocation } of plan.bindings) {
    const method = {
      [key](...args: unknown[]): unknown {
        return governor[INVOKE](invocation, instance, args);
      },
    }[key] as (...args: unknown[]) => unknown;
    Object.defineProperty(method, 'length', { value: invocation.original.length });
    registerEntry(method, invocation);
    Object.defineProperty(instance, key, { value: method, writable: false, enumerable: false, configurable: false });
  }
}

function classNameOf(instance: object): string {
  const ctor = (Object.getPrototypeOf(instance) as { constructor?: { name?: unknown } } | null)?.constructor;
  return typeof ctor?.name === 'string' && ctor.name !== '' ? ctor.name : 'anonymous class';
}
