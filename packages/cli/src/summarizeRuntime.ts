import type { RuntimeLike } from './loadRuntime.js';

/** A capability as `brane policies` lists it. */
export interface CapabilitySummary {
  readonly name: string;
  readonly type: string;
  readonly risk: string;
}

/** A policy as `brane policies` lists it. */
export interface PolicySummary {
  readonly name: string;
  readonly version: string | null;
  readonly stage: string;
  readonly targets: readonly string[];
  readonly priority: number;
  readonly mode: string;
  readonly enabled: boolean;
}

/** What a runtime holds, as plain JSON data, in the runtime's order. */
export interface RuntimeSummary {
  readonly capabilities: readonly CapabilitySummary[];
  readonly policies: readonly PolicySummary[];
}

/**
 * The capabilities and policies of `runtime`, read field by field with the runtime's defaults for anything a
 * runtime-shaped object leaves out (type `tool`, risk `medium`, priority 0, mode `enforce`, enabled).
 */
export function summarizeRuntime(runtime: RuntimeLike): RuntimeSummary {
  const capabilities = runtime.capabilities.map((capability) => {
    const fields = capability as unknown as Readonly<Record<string, unknown>>;
    return { name: text(fields['name'], ''), type: text(fields['type'], 'tool'), risk: text(fields['risk'], 'medium') };
  });
  const policies = runtime.policies.map((policy) => {
    const fields = policy as unknown as Readonly<Record<string, unknown>>;
    const { version, targets, priority } = fields;
    return {
      name: text(fields['name'], ''),
      version: version === undefined || version === null ? null : text(version, ''),
      stage: text(fields['stage'], ''),
      targets: Array.isArray(targets) ? targets.map((target: unknown) => text(target, '')) : [],
      priority: typeof priority === 'number' ? priority : 0,
      mode: text(fields['mode'], 'enforce'),
      enabled: fields['enabled'] !== false,
    };
  });
  return { capabilities, policies };
}

/** `value` as text (a string, or a number such as a version `2`); `fallback` for anything else. */
function text(value: unknown, fallback: string): string {
  if (typeof value === 'string') return value;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : fallback;
}
