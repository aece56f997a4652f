/**
 * Internals shared with other Brane packages, behind a subpath nobody imports by accident: what `@brane/core`'s action
 * records need to write their own compact line body, and the one parser of audit filter times (`@brane/postgres`,
 * `@brane/cli`). Not public API: they may change in any release.
 */
export { ACTION_KEY, COMPACT_BODY, DECISION_KEY, POLICY_DEFAULTS, POLICY_KEY } from './record/compactFields.js';
export { MaskedJson, NotPlainData } from './record/MaskedJson.js';
export { sensitiveValuesIn } from './findSensitiveValues.js';
export { sensitiveKeySet } from './maskSecrets.js';
export { filterTime, parseAuditTime } from './read/parseAuditTime.js';
