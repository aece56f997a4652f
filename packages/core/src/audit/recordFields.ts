import type { EnforcedDecision } from '@brane/audit';
import type { Decision } from '@brane/decisions';
import type { AgentAction } from '../AgentAction.js';
import type { RecordMasker, RecordParts } from './ActionRecordView.js';

/** The secrets an action holds by name (in its arguments, as called and as transformed, and in its output). */
export function secretsOf(parts: RecordParts, masker: RecordMasker): readonly string[] {
  const { action } = parts;
  const sensitive = action.capability.sensitive;
  const called = masker.secretsIn(parts.input, sensitive);
  const transformed = action.input === parts.input ? called : masker.secretsIn(action.input, sensitive);
  const output = masker.secretsIn(parts.output, sensitive);
  // Most actions hold none: each list is then the same frozen empty one, and nothing is made.
  if (transformed.length === 0 && output.length === 0) return called;
  return [...new Set([...called, ...transformed, ...output])];
}

/** The decision enforced at a stage as a record holds it: its JSON without `actionId`, and empty `metadata` left out. */
export function enforcedDecision(decision: Decision): EnforcedDecision {
  const json = decision.toJSON() as unknown as Record<string, unknown>;
  // As `{ ...json }` without `actionId` and `metadata`, then `metadata` (when not empty) and `markedForReview`
  // (when true) after the rest, written into one object (a spread and a `delete` cost more than the record).
  const enforced: Record<string, unknown> = {};
  let metadata: unknown;
  for (const key of Object.keys(json)) {
    if (key === 'metadata') metadata = json[key];
    else if (key !== 'actionId') enforced[key] = json[key];
  }
  if (typeof metadata === 'object' && metadata !== null && Object.keys(metadata).length > 0) {
    enforced['metadata'] = metadata;
  }
  if (decision.markedForReview) enforced['markedForReview'] = true;
  return enforced as EnforcedDecision;
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
