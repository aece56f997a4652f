import type { SessionEntry } from '@brane/policy-engine';

/** What the runtime appends to a session for one executed action. */
export interface SessionRecord {
  readonly entry: SessionEntry;
  /**
   * Keyed fingerprints (see `Fingerprinter`, base64url) of the values in the action's output, when it carried labels; each is
   * tainted with `entry.labels`. Never raw values.
   */
  readonly fingerprints: readonly string[];
}
