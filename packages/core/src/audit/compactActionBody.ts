import {
  ACTION_KEY,
  DECISION_KEY,
  NotPlainData,
  POLICY_DEFAULTS,
  POLICY_KEY,
  type MaskedJson,
} from '@brane/audit/internal';
import type { Decision } from '@brane/decisions';
import { boundText } from '@brane/errors';
import type { PolicyObservation } from '@brane/policy-engine';
import type { AgentAction } from '../AgentAction.js';
import type { RecordMasker, RecordParts } from './ActionRecordView.js';
import { effectOf, round, secretsOf } from './recordFields.js';

/** Keys whose value, masked whole, changes the shape of the line (it is then written whole, under `e`). */
const STRUCTURAL_KEYS = ['policies', 'decisions', 'before', 'after'] as const;
const DEFAULT_STAGE = JSON.stringify(POLICY_DEFAULTS['stage']);
const DEFAULT_DECISION = JSON.stringify(POLICY_DEFAULTS['decision']);
const DECISION_KEY_JSON = new Map([...DECISION_KEY].map(([long, short]) => [long, JSON.stringify(short)]));
/** Per capability definition (frozen): the fields of a line that only the capability decides. */
const capabilityFields = new WeakMap<object, string>();
/** The last start time written, and its ISO string: actions a millisecond apart share it. */
let lastTime = Number.NaN;
let lastTimeJson = '';

/**
 * The compact line body (format 3) of the record of `parts`, written in one pass from what the recorder holds: the
 * same bytes as `compactBody` of the record built and masked (`ActionRecordView.toJSON`), without building it.
 * Secrets are masked as the record masks them: identity by name and shape, what the call said also by the
 * action's secret values. `undefined` when the record holds something other than plain data (a class instance, a
 * key holding a secret, a sensitive name that is a field of the record): it is then built and written from its JSON.
 */
export function compactActionBody(
  parts: RecordParts,
  phase: 'decided' | 'completed',
  masker: RecordMasker,
): string | undefined {
  const { action } = parts;
  const { capability } = action;
  try {
    const who = masker.jsonMasker(capability.sensitive);
    if (STRUCTURAL_KEYS.some((key) => who.isSensitive(key))) return undefined;
    const said = masker.jsonMasker(capability.sensitive, secretsOf(parts, masker));
    let out = phase === 'completed' ? '' : `"${ACTION_KEY.phase}":${JSON.stringify(phase)},`;
    out += `"${ACTION_KEY.time}":${timeJson(parts.startedAt)}`;
    out += `,"${ACTION_KEY.actionId}":${JSON.stringify(parts.actionId)}`;
    out += `,"${ACTION_KEY.traceId}":${JSON.stringify(action.traceId)}`;
    const parent = action.parentActionId;
    if (parent !== undefined) out += `,"${ACTION_KEY.parentActionId}":${JSON.stringify(parent)}`;
    out += fieldsOf(capability);
    out += `,"${ACTION_KEY.environment}":${JSON.stringify(action.environment)}`;
    out += field(ACTION_KEY.agentId, who, 'agentId', action.agentId);
    out += field(ACTION_KEY.tenantId, who, 'tenantId', action.tenantId);
    out += field(ACTION_KEY.principalId, who, 'principalId', action.principalId);
    if (action.scopes.length > 0) out += field(ACTION_KEY.scopes, who, 'scopes', action.scopes);
    out += field(ACTION_KEY.args, said, 'args', parts.input);
    out += `,"${ACTION_KEY.policies}":${policiesJson(parts.observations, said)}`;
    const { before, after } = parts.decisions;
    if (before !== undefined || after !== undefined) {
      const b = before === undefined ? '' : `"b":${decisionJson(before.decision, said)}`;
      const a = after === undefined ? '' : `"a":${decisionJson(after.decision, said)}`;
      out += `,"${ACTION_KEY.decisions}":{${b}${b !== '' && a !== '' ? ',' : ''}${a}}`;
    }
    out += field(ACTION_KEY.approval, said, 'approval', parts.approval);
    if (parts.reason !== undefined) out += field(ACTION_KEY.reason, said, 'reason', boundText(parts.reason));
    out += field(ACTION_KEY.error, said, 'error', parts.error);
    if (parts.omittedPolicies !== undefined)
      out += `,"${ACTION_KEY.policiesOmitted}":${JSON.stringify(parts.omittedPolicies)}`;
    if (parts.limits !== undefined) out += `,"${ACTION_KEY.limits}":${JSON.stringify(parts.limits)}`;
    if (parts.outcome !== undefined) out += `,"${ACTION_KEY.outcome}":${JSON.stringify(parts.outcome)}`;
    if (parts.stage !== undefined) out += `,"${ACTION_KEY.stage}":${JSON.stringify(parts.stage)}`;
    out += `,"${ACTION_KEY.durationMs}":${JSON.stringify(round((parts.endedTick ?? parts.startedTick) - parts.startedTick))}`;
    if (parts.executionMs !== undefined)
      out += `,"${ACTION_KEY.executionMs}":${JSON.stringify(round(parts.executionMs))}`;
    return out;
  } catch (error) {
    if (error instanceof NotPlainData) return undefined;
    throw error;
  }
}

/** The start time as a JSON string (ISO 8601, UTC). */
function timeJson(startedAt: number): string {
  if (startedAt !== lastTime) {
    lastTimeJson = `"${new Date(startedAt).toISOString()}"`;
    lastTime = startedAt;
  }
  return lastTimeJson;
}

/** `,"c":…` up to the effect: what a capability's frozen definition alone decides, written once per definition. */
function fieldsOf(capability: AgentAction['capability']): string {
  let out = capabilityFields.get(capability);
  if (out === undefined) {
    out = `,"${ACTION_KEY.capability}":${JSON.stringify(capability.name)}`;
    if (capability.type !== 'tool') out += `,"${ACTION_KEY.capabilityType}":${JSON.stringify(capability.type)}`;
    out += `,"${ACTION_KEY.risk}":${JSON.stringify(capability.risk)}`;
    if (capability.effect !== undefined) {
      out += `,"${ACTION_KEY.effect}":${JSON.stringify(effectOf(capability.effect))}`;
    }
    if (Object.isFrozen(capability)) capabilityFields.set(capability, out);
  }
  return out;
}

/** `,"<short>":<value masked>`, or nothing when the value is left out. */
function field(short: string, masker: MaskedJson, name: string, value: unknown): string {
  if (value === undefined) return '';
  const json = masker.field(name, value);
  return json === undefined ? '' : `,"${short}":${json}`;
}

/** The policy outcomes, each with its short keys, its default stage and decision left out. */
function policiesJson(observations: RecordParts['observations'], said: MaskedJson): string {
  let out = '';
  for (let i = 0; i + 1 < observations.length; i += 2) {
    const stage = observations[i] as string;
    const { policy, decision, durationMs, enforced, cause } = observations[i + 1] as PolicyObservation;
    let fields = field(POLICY_KEY.name, said, 'name', policy.name);
    fields += field(POLICY_KEY.version, said, 'version', policy.version);
    const stageJson = said.field('stage', stage);
    if (stageJson !== DEFAULT_STAGE) fields += `,"${POLICY_KEY.stage}":${stageJson}`;
    const decisionJson = said.field('decision', decision.type);
    if (decisionJson !== DEFAULT_DECISION) fields += `,"${POLICY_KEY.decision}":${decisionJson}`;
    if (decision.reason !== undefined) fields += field(POLICY_KEY.reason, said, 'reason', boundText(decision.reason));
    fields += field(POLICY_KEY.durationMs, said, 'durationMs', round(durationMs));
    if (!enforced) fields += field(POLICY_KEY.shadow, said, 'shadow', true);
    if (cause !== undefined) fields += field(POLICY_KEY.failure, said, 'failure', cause.code);
    out += `${i === 0 ? '' : ','}{${fields.slice(1)}}`;
  }
  return `[${out}]`;
}

/** A decision field's key as the line writes it: short for the usual fields, as JSON. */
function decisionKeyJson(key: string): string {
  const known = DECISION_KEY_JSON.get(key);
  return known ?? JSON.stringify(key);
}

/**
 * An enforced decision with short keys for its usual fields, its others as they are, in its own order: the fields of
 * `enforcedDecision(decision)`, written one by one rather than through its object and `toJSON`'s.
 */
function decisionJson(decision: Decision, said: MaskedJson): string {
  let out = member('', 'type', decision.type, said);
  out = member(out, 'decisionId', decision.decisionId, said);
  out = member(out, 'reason', decision.reason, said);
  out = member(out, 'policyName', decision.policyName, said);
  out = member(out, 'policyVersion', decision.policyVersion, said);
  out = member(out, 'mutations', decision.mutations, said);
  out = member(out, 'approval', decision.approval, said);
  out = member(out, 'route', decision.route, said);
  out = member(out, 'sandbox', decision.sandbox, said);
  out = member(out, 'audit', decision.audit, said);
  const effects = decision.effects;
  if (effects !== undefined)
    out = member(
      out,
      'effects',
      effects.map((effect) => effect.toJSON()),
      said,
    );
  out = member(out, 'limits', decision.limits, said);
  out = member(out, 'labels', decision.labels, said);
  const metadata: unknown = decision.metadata;
  if (typeof metadata === 'object' && metadata !== null && Object.keys(metadata).length > 0) {
    out = member(out, 'metadata', metadata, said);
  }
  if (decision.markedForReview) out = member(out, 'markedForReview', true, said);
  return `{${out}}`;
}

/** `out` and one more field of a decision, unless JSON leaves it out. */
function member(out: string, key: string, value: unknown, said: MaskedJson): string {
  if (value === undefined) return out;
  const json = said.field(key, value);
  if (json === undefined) return out;
  return `${out === '' ? '' : `${out},`}${decisionKeyJson(key)}:${json}`;
}
