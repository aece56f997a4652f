import { BraneError, boundText, describeValue } from '@brane/errors';
import type { ApprovalRequest } from './ApprovalRequest.js';
import { DECISION_TYPES, isDecisionType, type DecisionType } from './DecisionType.js';
import type { Limit } from './Limit.js';
import type { Mutations } from './Mutations.js';
import type { RouteTarget } from './RouteTarget.js';
import type { SandboxConstraints } from './SandboxConstraints.js';
import { normalizeApproval } from './normalizeApproval.js';
import { normalizeMutations, normalizeRoute } from './normalizePayloads.js';
import { frozenData } from './frozenData.js';
import { isRecord } from './payloadChecks.js';
import { validateLimits } from './validateLimit.js';
import { validateSandbox } from './validateSandbox.js';
import { parseLabels } from './dataLabels.js';

type Payload = Readonly<Record<string, unknown>>;

/** A decision's fields once validated, copied and frozen. */
export interface ValidDecisionInit {
  readonly type: DecisionType;
  readonly reason: string | undefined;
  readonly actionId: string | undefined;
  readonly policyName: string | undefined;
  readonly policyVersion: string | undefined;
  readonly mutations: Mutations | undefined;
  readonly approval: ApprovalRequest | undefined;
  readonly route: RouteTarget | undefined;
  readonly sandbox: SandboxConstraints | undefined;
  readonly audit: Payload | undefined;
  readonly effects: readonly unknown[] | undefined;
  readonly limits: readonly Limit[] | undefined;
  readonly labels: readonly string[] | undefined;
  readonly metadata: Payload;
}

/** The empty, frozen metadata of a decision that has none. */
export const EMPTY: Payload = Object.freeze({});

/** Which types each payload field belongs to. A composed decision (with `effects`) carries them all. */
const OWNERS = {
  mutations: ['redact', 'transform_input', 'transform_output'],
  approval: ['approval_required'],
  route: ['route'],
  sandbox: ['sandbox'],
} as const satisfies Record<string, readonly DecisionType[]>;

/** What each type cannot do without. */
const REQUIRED: Partial<Record<DecisionType, string>> = {
  approval_required: '`approval` (use Decision.requireApproval)',
  redact: '`mutations.redact` (use Decision.redact)',
  transform_input: '`mutations.input` (use Decision.transformInput)',
  transform_output: '`mutations.output` (use Decision.transformOutput)',
  route: '`route` (use Decision.route)',
  sandbox: '`sandbox` (use Decision.sandbox)',
  log_only: '`reason` (use Decision.logOnly)',
};

/**
 * Checks every field of a decision and returns them normalised: strings are strings, each payload has the
 * shape of its type and belongs to it, and the type has the payload it needs.
 */
export function validateDecisionInit(init: unknown, isDecision: (value: unknown) => boolean): ValidDecisionInit {
  if (typeof init !== 'object' || init === null) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new Decision: expected an object like \`{ type: 'allow' }\` (got ${describeValue(init)})`,
    );
  }
  const fields = init as Record<string, unknown>;
  const type = fields['type'];
  if (!isDecisionType(type)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new Decision: \`type\` must be one of ${DECISION_TYPES.join(', ')} (got ${describeValue(type)})`,
      { details: { type } },
    );
  }
  const effects = checkEffects(fields['effects'], isDecision);
  for (const [field, owners] of Object.entries(OWNERS)) {
    if (fields[field] !== undefined && effects === undefined && !(owners as readonly string[]).includes(type)) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `new Decision: \`${field}\` belongs to ${owners.join(', ')} decisions, not \`${type}\``,
      );
    }
  }
  // A reason may quote an argument of any size: every copy of it (errors, audit, results) starts from this one.
  const given = checkString('reason', fields['reason']);
  const reason = given === undefined ? undefined : boundText(given);
  const approval =
    fields['approval'] === undefined ? undefined : normalizeApproval(fields['approval'], reason, 'decision.approval');
  const valid: ValidDecisionInit = {
    type,
    reason: reason ?? approval?.reason,
    actionId: checkString('actionId', fields['actionId']),
    policyName: checkString('policyName', fields['policyName']),
    policyVersion: checkString('policyVersion', fields['policyVersion']),
    mutations:
      fields['mutations'] === undefined ? undefined : normalizeMutations(fields['mutations'], 'decision.mutations'),
    approval,
    route: fields['route'] === undefined ? undefined : normalizeRoute(fields['route'], 'decision.route'),
    sandbox: fields['sandbox'] === undefined ? undefined : validateSandbox(fields['sandbox'], 'decision.sandbox'),
    audit: checkPayload('audit', fields['audit']),
    effects,
    limits: fields['limits'] === undefined ? undefined : validateLimits(fields['limits']),
    labels: checkLabels(type, fields['labels']),
    metadata: checkPayload('metadata', fields['metadata']) ?? EMPTY,
  };
  if (valid.limits !== undefined && type === 'deny') {
    throw new BraneError('INVALID_ARGUMENT', 'new Decision: a deny reserves nothing, so it takes no `limits`');
  }
  checkMutationFields(valid, effects !== undefined);
  // A composed decision carries its members' mutations in `effects`, and its merged approval, route, sandbox.
  if (!hasRequiredPayload(valid) && !(effects !== undefined && valid.mutations === undefined && isMutation(type))) {
    throw new BraneError('INVALID_ARGUMENT', `new Decision: a \`${type}\` decision needs ${REQUIRED[type] ?? ''}`);
  }
  return valid;
}

function hasRequiredPayload(valid: ValidDecisionInit): boolean {
  switch (valid.type) {
    case 'approval_required':
      return valid.approval !== undefined;
    case 'redact':
      return valid.mutations?.redact !== undefined;
    case 'transform_input':
      return valid.mutations?.input !== undefined;
    case 'transform_output':
      return valid.mutations?.output !== undefined;
    case 'route':
      return valid.route !== undefined;
    case 'sandbox':
      return valid.sandbox !== undefined;
    case 'log_only':
      return valid.reason !== undefined && valid.reason.trim() !== '';
    default:
      return true;
  }
}

/** The mutation field each mutation type owns: a `redact` decision cannot also transform the input. */
const MUTATION_FIELD: Partial<Record<DecisionType, keyof Mutations>> = {
  redact: 'redact',
  transform_input: 'input',
  transform_output: 'output',
};

function checkMutationFields(valid: ValidDecisionInit, composed: boolean): void {
  const mutations = valid.mutations;
  if (mutations === undefined) return;
  const own = MUTATION_FIELD[valid.type];
  const extra = (Object.keys(mutations) as (keyof Mutations)[]).filter((key) => composed || key !== own);
  if (extra.length > 0) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new Decision: \`mutations.${extra[0] ?? ''}\` does not belong to a \`${valid.type}\` decision${composed ? ' composed of effects (each effect carries its own)' : ''}`,
    );
  }
}

function checkLabels(type: DecisionType, value: unknown): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (type === 'deny') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      'new Decision: a `deny` decision cannot label an output: nothing reaches the caller',
    );
  }
  const labels = parseLabels(value, 'new Decision: `labels`');
  return labels.length === 0 ? undefined : labels;
}

function isMutation(type: DecisionType): boolean {
  return type === 'redact' || type === 'transform_input' || type === 'transform_output';
}

function checkEffects(value: unknown, isDecision: (value: unknown) => boolean): readonly unknown[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0 || !value.every(isDecision)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new Decision: \`effects\` must be a non-empty list of Decisions (got ${describeValue(value)})`,
    );
  }
  return Object.freeze([...(value as unknown[])]);
}

function checkString(field: string, value: unknown): string | undefined {
  if (value !== undefined && typeof value !== 'string') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new Decision: \`${field}\` must be a string (got ${describeValue(value)})`,
    );
  }
  return value;
}

function checkPayload(field: string, value: unknown): Payload | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `new Decision: \`${field}\` must be a plain object (got ${describeValue(value)})`,
    );
  }
  return value === EMPTY ? value : frozenData(value, `decision.${field}`);
}
