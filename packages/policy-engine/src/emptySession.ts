import type { SessionView } from './SessionView.js';

const NONE: readonly never[] = Object.freeze([]);

/** The session of an action that belongs to none: it holds nothing, ran nothing, and taints nothing. */
export const EMPTY_SESSION: SessionView = Object.freeze({
  id: undefined,
  labels: NONE,
  has: () => false,
  count: () => 0,
  last: () => NONE,
  labelsIn: () => NONE,
});
