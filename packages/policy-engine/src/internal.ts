/**
 * Internals shared with `@brane/core`, behind a subpath nobody imports by accident. Not public API: they may
 * change in any release.
 */
export { inheritedFromClass } from './inheritedFromClass.js';
export { TRUSTED_CONTEXT } from './PolicyContext.js';
