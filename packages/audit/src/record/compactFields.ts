// The short keys of the compact line format (version 3): the fields of an action record, of a policy outcome and
// of an enforced decision, each in the order a line holds them, and the values a line leaves out.

/**
 * The fields of an action record, in the order a compact line holds them, each with its short key. A field left out
 * of the record (or at its default: `phase` `completed`, no decisions) is left out of the line.
 */
export const ACTION_FIELDS = [
  ['phase', 'ph'],
  ['time', 't'],
  ['actionId', 'a'],
  ['traceId', 'tr'],
  ['parentActionId', 'pa'],
  ['capability', 'c'],
  ['capabilityType', 'ct'],
  ['risk', 'r'],
  ['effect', 'ef'],
  ['environment', 'en'],
  ['agentId', 'ag'],
  ['tenantId', 'te'],
  ['principalId', 'pr'],
  ['scopes', 'sc'],
  ['args', 'ar'],
  ['policies', 'p'],
  ['decisions', 'd'],
  ['approval', 'ap'],
  ['reason', 're'],
  ['error', 'er'],
  ['policiesOmitted', 'po'],
  ['limits', 'li'],
  ['outcome', 'o'],
  ['stage', 'st'],
  ['durationMs', 'ms'],
  ['executionMs', 'x'],
] as const;

/** The fields of a policy outcome, in order, with their short keys. */
export const POLICY_FIELDS = [
  ['name', 'n'],
  ['version', 'v'],
  ['stage', 's'],
  ['decision', 'd'],
  ['reason', 'r'],
  ['durationMs', 'ms'],
  ['shadow', 'sh'],
  ['failure', 'f'],
] as const;

/**
 * Field values a compact line leaves out, restored when it is read: an action record's `phase` and `capabilityType`,
 * a policy outcome's `stage` and `decision`.
 */
export const ACTION_DEFAULTS: Readonly<Record<string, unknown>> = { phase: 'completed', capabilityType: 'tool' };
export const POLICY_DEFAULTS: Readonly<Record<string, unknown>> = { stage: 'before', decision: 'allow' };
/** The fields of an enforced decision with a short key; its other fields keep their names. */
export const DECISION_FIELDS = [
  ['type', 'y'],
  ['decisionId', 'id'],
  ['reason', 'r'],
  ['policyName', 'pn'],
  ['policyVersion', 'pv'],
] as const;

/** Not public API (`@brane/audit/internal`). A field of an action record, by its short key. */
export const ACTION_KEY = Object.fromEntries(ACTION_FIELDS) as {
  readonly [F in (typeof ACTION_FIELDS)[number] as F[0]]: F[1];
};
/** Not public API (`@brane/audit/internal`). The short key of a field of an enforced decision that has one. */
export const DECISION_KEY: ReadonlyMap<string, string> = new Map(DECISION_FIELDS);
/** Not public API (`@brane/audit/internal`). A field of a policy outcome, by its short key. */
export const POLICY_KEY = Object.fromEntries(POLICY_FIELDS) as {
  readonly [F in (typeof POLICY_FIELDS)[number] as F[0]]: F[1];
};

/**
 * Not public API (`@brane/audit/internal`). The method of an event that writes its own compact body (see `compactBody`), or returns `undefined` to
 * be written from its JSON: a lazy action record writes its line straight from what it holds.
 */
export const COMPACT_BODY: unique symbol = Symbol('brane.audit.compactBody');
