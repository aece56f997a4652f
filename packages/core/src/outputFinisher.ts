import type { CapabilityDefinition } from './CapabilityDefinition.js';

/** See `CapabilityOptions.finishOutput`. */
export type OutputFinisher = (raw: unknown, final: unknown) => unknown;

/**
 * The finishers of the capabilities that declare one. Kept beside the definition, not on it: a definition is what
 * policies see (`ctx.capability`), and a policy has no business calling an adapter's finisher.
 */
const finishers = new WeakMap<CapabilityDefinition, OutputFinisher>();

/** Records `definition`'s finisher (when it declares one). */
export function setOutputFinisher(definition: CapabilityDefinition, finisher: OutputFinisher | undefined): void {
  if (finisher !== undefined) finishers.set(definition, finisher);
}

/**
 * The result of a call of `definition` whose body returned `raw` and whose policies left `final`: `final` itself when
 * the policies left the output as it was (the common case, without a lookup), else what the capability's finisher
 * makes of the two, on every path a call takes (a direct call, `runtime.resume`).
 */
export function finishOutput(definition: CapabilityDefinition, raw: unknown, final: unknown): unknown {
  if (final === raw) return final;
  const finisher = finishers.get(definition);
  return finisher === undefined ? final : finisher(raw, final);
}
