import type { DiscoveryService, ModulesContainer } from '@nestjs/core';
import type { ResolvedBraneSetup } from './parseBraneOptions.js';

/** A class that the container instantiates. */
export type ProviderClass = abstract new (...args: never[]) => object;

/** A provider as `BraneModule` sees it: the instances that exist now, and the class of those to come. */
export interface ProviderWrapper {
  /** For messages: the provider's class or token name. */
  readonly name: string;
  readonly scope: 'a singleton' | 'transient' | 'request-scoped';
  /** Its instances created at start-up. */
  readonly instances: readonly object[];
  /** The class it instantiates later (request-scoped and transient providers), when it is a class provider. */
  readonly createsLater: ProviderClass | undefined;
}

type InstanceWrapper = ReturnType<DiscoveryService['getProviders']>[number];
type Module = ReturnType<ModulesContainer['values']> extends Iterable<infer M> ? M : never;

/**
 * The providers a `BraneModule` wires, in the order Nest scanned them: every module's when the module is
 * global, else those of the modules that import it (the modules that can inject its runtime).
 */
export function providersInScope(
  discovery: DiscoveryService,
  modules: ModulesContainer,
  setup: ResolvedBraneSetup,
): readonly ProviderWrapper[] {
  const scope = setup.global ? undefined : importersOf(modules, setup.moduleKey);
  return discovery
    .getProviders({}, scope)
    .filter((wrapper) => !wrapper.isAlias)
    .map(describe);
}

function importersOf(modules: ModulesContainer, moduleKey: symbol): Module[] {
  const all = [...modules.values()];
  const own = all.find((module) => module.providers.has(moduleKey));
  return own === undefined ? [] : all.filter((module) => module.imports.has(own));
}

function describe(wrapper: InstanceWrapper): ProviderWrapper {
  const name = typeof wrapper.name === 'string' && wrapper.name !== '' ? wrapper.name : String(wrapper.token);
  const isClass = (wrapper.inject === undefined || wrapper.inject === null) && typeof wrapper.metatype === 'function';
  const createsLaterClass = isClass ? (wrapper.metatype as ProviderClass) : undefined;
  if (wrapper.isTransient) {
    const instances = wrapper.getStaticTransientInstances().map((host) => host?.instance as unknown);
    return { name, scope: 'transient', instances: instances.filter(isObject), createsLater: createsLaterClass };
  }
  if (!wrapper.isDependencyTreeStatic()) {
    return { name, scope: 'request-scoped', instances: [], createsLater: createsLaterClass };
  }
  const instance: unknown = wrapper.instance;
  return { name, scope: 'a singleton', instances: isObject(instance) ? [instance] : [], createsLater: undefined };
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
