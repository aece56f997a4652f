/**
 * Internals shared with `@brane/core`, behind a subpath nobody imports by accident: what its action records need to
 * write their own compact line body. Not public API: they may change in any release.
 */
export { ACTION_KEY, COMPACT_BODY, DECISION_KEY, POLICY_DEFAULTS, POLICY_KEY } from './record/compactFields.js';
export { MaskedJson, NotPlainData } from './record/MaskedJson.js';
export { sensitiveValuesIn } from './findSensitiveValues.js';
export { sensitiveKeySet } from './maskSecrets.js';
