import type { SessionStore } from '@brane/sessions';
import { option } from '@brane/policy-engine';

/** Where a runtime keeps sessions, and how it fingerprints values. All optional. */
export interface SessionOptions {
  /** Where sessions live. Default: an `InMemorySessionStore` (synchronous, this process only, default limits). */
  readonly store?: SessionStore | undefined;
  /**
   * The key each session's fingerprint key is derived from (at least 32 bytes). Default: random per runtime,
   * which fits the in-memory store; required with a store shared by several processes, which must all use
   * the same secret to recognise each other's fingerprints.
   */
  readonly secret?: string | Uint8Array | undefined;
  /** The shortest token fingerprinted in outputs and looked for in arguments. Default 8. */
  readonly minTokenLength?: number | undefined;
}

/** Validates {@link SessionOptions}. */
export const sessionOptionsSchema = option.strictObject({
  store: option
    .custom<SessionStore>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as SessionStore).synchronous === 'boolean' &&
        typeof (value as SessionStore).load === 'function' &&
        typeof (value as SessionStore).append === 'function',
      'must implement SessionStore (synchronous, load, append)',
    )
    .optional(),
  secret: option
    .union([option.string().min(32), option.instanceOf(Uint8Array).refine((bytes) => bytes.length >= 32)])
    .optional(),
  minTokenLength: option.number().int().min(4).max(256).optional(),
});
