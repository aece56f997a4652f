import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import type { CapabilityDefinition } from './CapabilityDefinition.js';

interface Entry {
  readonly definition: CapabilityDefinition;
  /** The base-most declaration of the method; a subclass override shares its root. */
  readonly root: CapabilityDefinition;
  /** Where it is governed, for messages: `SupportAgent.refundCustomer`. */
  readonly location: string;
}

/**
 * The capabilities one runtime governs, by name. A name belongs to one capability: a second, unrelated
 * declaration of the same name is a `DUPLICATE_CAPABILITY` error. An override of the same method in a
 * subclass is not unrelated: it shares its base declaration's root, and may reuse the name.
 */
export class CapabilityRegistry {
  readonly #byName = new Map<string, Entry>();
  readonly #known = new WeakSet<CapabilityDefinition>();

  /** Checks that every definition can be registered, then registers them all (all or nothing). */
  registerAll(entries: readonly Entry[], where: string): void {
    const pending = new Map<string, Entry>();
    for (const entry of entries) {
      const name = entry.definition.name;
      const existing = pending.get(name) ?? this.#byName.get(name);
      if (existing !== undefined && existing.root !== entry.root) {
        throw new ConfigurationError(
          'DUPLICATE_CAPABILITY',
          `${where}: the capability name \`${name}\` of \`${entry.location}\` is already used by \`${existing.location}\` on this runtime; give one of them another \`name\``,
          { details: { name, locations: [existing.location, entry.location] } },
        );
      }
      pending.set(name, entry);
    }
    for (const entry of entries) {
      if (!this.#byName.has(entry.definition.name)) this.#byName.set(entry.definition.name, entry);
      this.#known.add(entry.definition);
    }
  }

  /** Whether `definition` is registered here. */
  has(definition: CapabilityDefinition): boolean {
    return this.#known.has(definition);
  }

  /** Whether a capability named `name` is registered here. */
  hasName(name: string): boolean {
    return this.#byName.has(name);
  }

  /** The capability registered as `name`, if any. */
  byName(name: string): CapabilityDefinition | undefined {
    return this.#byName.get(name)?.definition;
  }
  /** The capability named `name` (a value a caller passed), or an `INVALID_ARGUMENT` error from `where`. */
  named(name: unknown, where: string): CapabilityDefinition {
    const definition = typeof name === 'string' ? this.byName(name) : undefined;
    if (definition === undefined) {
      throw new BraneError('INVALID_ARGUMENT', `${where}: no governed capability is named ${describeValue(name)}`);
    }
    return definition;
  }

  /** The registered capabilities, one per name, in registration order. */
  list(): readonly CapabilityDefinition[] {
    return [...this.#byName.values()].map((entry) => entry.definition);
  }
}
