import type { EnforcedDecision } from '@brane/audit';
import type { Decision } from '@brane/decisions';
import type { AgentAction } from '../AgentAction.js';
import type { RecordMasker, RecordParts } from './ActionRecordView.js';

/** The secrets an action holds by name (in its arguments, as called and as transformed, and in its output). */
export function secretsOf(parts: RecordParts, masker: RecordMasker): string[] {
  const { action } = parts;
  const sensitive = action.capability.sensitive;
  return [
    ...new Set([
      ...masker.secretsIn(parts.input, sensitive),
      ...(action.input === parts.input ? [] : masker.secretsIn(action.input, sensitive)),
      ...masker.secretsIn(parts.output, sensitive),
    ]),
  ];
}

/** The decision enforced at a stage as a record holds it: its JSON without `actionId`, and empty `metadata` left out. */
export function enforcedDecision(decision: Decision): EnforcedDecision {
  const json = { ...(decision.toJSON() as unknown as Record<string, unknown>) };
  const metadata = json['metadata'];
  delete json['actionId'];
  delete json['metadata'];
  const hasMetadata = typeof metadata === 'object' && metadata !== null && Object.keys(metadata).length > 0;
  return {
    ...json,
    ...(hasMetadata ? { metadata } : {}),
    ...(decision.markedForReview ? { markedForReview: true } : {}),
  } as EnforcedDecision;
}

/** A capability's declared effect as a record holds it: `reversible` and `external` only when true. */
export function effectOf(effect: NonNullable<AgentAction['capability']['effect']>): Record<string, unknown> {
  return {
    type: effect.type,
    ...(effect.reversible ? { reversible: true } : {}),
    ...(effect.external ? { external: true } : {}),
  };
}

/** Durations to the microsecond: more digits say nothing and cost bytes in every record. */
export function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
