/**
 * Every code a {@link BraneError} can carry. The set is closed: callers can switch on it exhaustively.
 */
export const BRANE_ERROR_CODES = Object.freeze([
  /** A policy denied the action; the capability did not run (or its output was withheld). */
  'CAPABILITY_DENIED',
  /** A policy threw or its promise rejected. */
  'POLICY_ERROR',
  /** An async policy did not settle within its timeout. */
  'POLICY_TIMEOUT',
  /** A policy returned something that is not a `Decision`. */
  'INVALID_DECISION',
  /** A policy returned a promise while governing a synchronous capability. */
  'ASYNC_POLICY_ON_SYNC_CAPABILITY',
  /** A public function was called with a value it cannot accept. */
  'INVALID_ARGUMENT',
  /** Capability, policy or runtime options failed validation. */
  'INVALID_OPTIONS',
  /** A decorator was applied to something it cannot decorate. */
  'INVALID_DECORATOR_USAGE',
  /** The argument names of a capability could not be determined. */
  'UNRESOLVED_PARAMS',
  /** Two different capabilities with the same name were registered on one runtime. */
  'DUPLICATE_CAPABILITY',
  /** Two different policies with the same name were registered on one runtime. */
  'DUPLICATE_POLICY',
  /** An instance is already governed by another runtime, or an own property would shadow a capability. */
  'ALREADY_GOVERNED',
  /** A capability method was called on an instance that no runtime governs. */
  'UNGOVERNED_CALL',
  /** A policy asked for an argument that the capability does not declare. */
  'UNKNOWN_ARGUMENT',
] as const);

/** A code from the closed set {@link BRANE_ERROR_CODES}. */
export type BraneErrorCode = (typeof BRANE_ERROR_CODES)[number];

/** Codes of errors that mean a policy failed; each one makes the action a deny (fail closed). */
export type PolicyFailureCode = Extract<
  BraneErrorCode,
  'POLICY_ERROR' | 'POLICY_TIMEOUT' | 'INVALID_DECISION' | 'ASYNC_POLICY_ON_SYNC_CAPABILITY'
>;

/** Codes of errors that mean Brane was set up wrongly; they are raised at decoration or registration. */
export type ConfigurationErrorCode = Extract<
  BraneErrorCode,
  | 'INVALID_OPTIONS'
  | 'INVALID_DECORATOR_USAGE'
  | 'UNRESOLVED_PARAMS'
  | 'DUPLICATE_CAPABILITY'
  | 'DUPLICATE_POLICY'
  | 'ALREADY_GOVERNED'
>;
