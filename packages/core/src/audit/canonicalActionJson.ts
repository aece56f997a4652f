import { ACTION_RECORD_VERSION } from '@brane/audit';
import { NotPlainData, type MaskedJson } from '@brane/audit/internal';
import { boundText } from '@brane/errors';
import { policyOutcomes, type RecordMasker, type RecordParts } from './ActionRecordView.js';
import { effectOf, enforcedDecision, round, secretsOf } from './recordFields.js';
import { sortedPlainData } from './sortedPlainData.js';

/** The fields masked by name and shape only, and those also masked by the action's secret values. */
const WHO_KEYS = Object.freeze({ agentId: null, principalId: null, scopes: null, tenantId: null });
const SAID_KEYS = Object.freeze({
  approval: null,
  args: null,
  decisions: null,
  error: null,
  policies: null,
  reason: null,
});

/**
 * The canonical JSON of the record of `parts` (`canonicalEventJson` of `ActionRecordView.toJSON`, keys sorted at
 * every depth), written from what the recorder holds, without building and masking the record first. Secrets are
 * masked as the record masks them: identity by name and shape, what the call said also by the action's secret
 * values. `undefined` when the record holds something other than plain data (a class instance, a key holding a
 * secret, integer-like keys): it is then built and serialized.
 */
export function canonicalActionJson(
  parts: RecordParts,
  phase: 'decided' | 'completed',
  masker: RecordMasker,
): string | undefined {
  const { action } = parts;
  const { capability } = action;
  try {
    const who = masker.jsonMasker(capability.sensitive);
    const said = masker.jsonMasker(capability.sensitive, secretsOf(parts, masker));
    // A field's key that masking would rename (one holding a secret) throws `NotPlainData` here.
    who.json(WHO_KEYS);
    said.json(SAID_KEYS);
    const { before, after } = parts.decisions;
    // The fields in sorted order, each as the record holds it: unmasked, or masked by `who` (by name and shape
    // only) or `said` (also by the action's secret values).
    let out = `{"actionId":${JSON.stringify(parts.actionId)}`;
    out += member(who, 'agentId', action.agentId);
    out += member(said, 'approval', parts.approval);
    out += member(said, 'args', parts.input);
    out += `,"capability":${JSON.stringify(capability.name)},"capabilityType":${JSON.stringify(capability.type)}`;
    out += member(said, 'decisions', {
      ...(after === undefined ? {} : { after: enforcedDecision(after.decision) }),
      ...(before === undefined ? {} : { before: enforcedDecision(before.decision) }),
    });
    out += `,"durationMs":${JSON.stringify(round((parts.endedTick ?? parts.startedTick) - parts.startedTick))}`;
    if (capability.effect !== undefined) out += plain('effect', effectOf(capability.effect));
    out += `,"environment":${JSON.stringify(action.environment)}`;
    out += member(said, 'error', parts.error);
    if (parts.executionMs !== undefined) out += `,"executionMs":${JSON.stringify(round(parts.executionMs))}`;
    if (parts.limits !== undefined) out += plain('limits', parts.limits);
    if (parts.outcome !== undefined) out += `,"outcome":${JSON.stringify(parts.outcome)}`;
    if (action.parentActionId !== undefined) out += `,"parentActionId":${JSON.stringify(action.parentActionId)}`;
    out += `,"phase":${JSON.stringify(phase)}`;
    out += member(said, 'policies', policyOutcomes(parts.observations));
    if (parts.omittedPolicies !== undefined) out += `,"policiesOmitted":${JSON.stringify(parts.omittedPolicies)}`;
    out += member(who, 'principalId', action.principalId);
    if (parts.reason !== undefined) out += member(said, 'reason', boundText(parts.reason));
    out += `,"risk":${JSON.stringify(capability.risk)}`;
    if (action.scopes.length > 0) out += member(who, 'scopes', [...action.scopes]);
    if (parts.stage !== undefined) out += `,"stage":${JSON.stringify(parts.stage)}`;
    out += member(who, 'tenantId', action.tenantId);
    out += `,"time":"${new Date(parts.startedAt).toISOString()}","traceId":${JSON.stringify(action.traceId)}`;
    return `${out},"type":"action","v":${ACTION_RECORD_VERSION}}`;
  } catch (error) {
    if (error instanceof NotPlainData) return undefined;
    throw error;
  }
}

/** `,"key":value` of a field the record holds unmasked; empty when JSON leaves it out. */
function plain(key: string, value: unknown): string {
  const json = JSON.stringify(sortedPlainData(value)) as string | undefined;
  return json === undefined ? '' : `,"${key}":${json}`;
}

/**
 * `,"key":value` of a field the record holds masked by `masker`, as the masked record holds it (a sensitive name
 * hides the value whole); empty when JSON leaves it out.
 */
function member(masker: MaskedJson, key: string, value: unknown): string {
  if (value === undefined) return '';
  const json = masker.field(key, sortedPlainData(value));
  return json === undefined ? '' : `,"${key}":${json}`;
}
