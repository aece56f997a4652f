import { unionLabels } from '@brane/decisions';
import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import type { SessionCountQuery, SessionEntry, SessionQuery, SessionView } from '@brane/policy-engine';
import type { Fingerprinter } from './Fingerprinter.js';
import { parseWindow } from './parseWindow.js';
import { ALL_KEY, capabilityKey, labelKey, type SessionState } from './SessionState.js';

const NONE: readonly never[] = Object.freeze([]);

/** What a {@link SessionHistory} needs besides the state: how it was loaded, and the clock. */
export interface SessionHistoryOptions {
  /**
   * The fingerprints the store was asked for, when it returned only those (a remote store): any other fingerprint
   * is unknown, and a value carrying one is taken to carry every label the session holds (fail closed). Leave it
   * out when the state holds every fingerprint (in memory).
   */
  readonly looked?: ReadonlySet<string> | undefined;
  /** The store's `countWindowMs`: `count({ within })` refuses a longer window rather than under-count. */
  readonly countWindowMs?: number | undefined;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * The {@link SessionView} policies read (`ctx.session`), over the state the runtime loaded for the action. A
 * session with no state yet (its first action) holds nothing.
 */
export class SessionHistory implements SessionView {
  readonly id: string;
  readonly #state: SessionState | undefined;
  readonly #fingerprinter: Fingerprinter;
  readonly #looked: ReadonlySet<string> | undefined;
  readonly #countWindowMs: number;
  readonly #now: () => number;

  constructor(
    id: string,
    state: SessionState | undefined,
    fingerprinter: Fingerprinter,
    options: SessionHistoryOptions = {},
  ) {
    this.id = id;
    this.#state = state;
    this.#fingerprinter = fingerprinter;
    this.#looked = options.looked;
    this.#countWindowMs = options.countWindowMs ?? Number.POSITIVE_INFINITY;
    this.#now = options.now ?? Date.now;
  }

  get labels(): readonly string[] {
    const state = this.#state;
    return state === undefined || state.labels.size === 0 ? NONE : Object.freeze([...state.labels].sort());
  }

  has(query: SessionQuery): boolean {
    const { capability, label } = checkQuery(query, 'ctx.session.has');
    if (capability === undefined && label === undefined) {
      throw new BraneError('INVALID_ARGUMENT', 'ctx.session.has: name a `label` or a `capability`');
    }
    const state = this.#state;
    if (state === undefined) return false;
    return (
      (label === undefined || state.labels.has(label)) &&
      (capability === undefined || state.count(capabilityKey(capability)) > 0)
    );
  }

  count(query: SessionCountQuery = {}): number {
    const { capability, label } = checkQuery(query, 'ctx.session.count');
    if (capability !== undefined && label !== undefined) {
      throw new BraneError('INVALID_ARGUMENT', 'ctx.session.count: count a `capability` or a `label`, not both');
    }
    const within = query.within === undefined ? undefined : parseWindow(query.within, 'ctx.session.count');
    if (within !== undefined && within > this.#countWindowMs) {
      // Minutes older than the count window are forgotten: counting over them would under-count, silently.
      throw new ConfigurationError(
        'INVALID_OPTIONS',
        `ctx.session.count: \`within\` (${describeValue(query.within)}) is longer than the session store's \`countWindowMs\` (${this.#countWindowMs} ms), so it cannot be counted exactly; raise \`countWindowMs\` in the store's options, or count without \`within\``,
      );
    }
    const state = this.#state;
    if (state === undefined) return 0;
    const key = capability !== undefined ? capabilityKey(capability) : label !== undefined ? labelKey(label) : ALL_KEY;
    return state.count(key, within === undefined ? undefined : this.#now() - within);
  }

  last(n?: number): readonly SessionEntry[] {
    if (n !== undefined && !(Number.isSafeInteger(n) && n >= 0)) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `ctx.session.last: expected a whole number of entries (got ${describeValue(n)})`,
      );
    }
    const state = this.#state;
    if (state === undefined || n === 0) return NONE;
    return Object.freeze(state.lastEntries(n));
  }

  labelsIn(value: unknown): readonly string[] {
    const state = this.#state;
    if (state === undefined || state.labels.size === 0) return NONE;
    const probe = this.#fingerprinter.probe(this.id, value);
    // What could not be read cannot be vouched for: it may carry any label the session holds (fail closed).
    if (!probe.complete) return this.labels;
    const looked = this.#looked;
    let labels: readonly string[] | undefined;
    for (const fingerprint of probe.fingerprints) {
      // A fingerprint the store was not asked for (a value a transform put in the arguments) is unknown: it may
      // be any value the session read, so it carries every label the session holds (fail closed).
      if (looked !== undefined && !looked.has(fingerprint)) return this.labels;
      labels = unionLabels(labels, state.lookup(fingerprint));
    }
    return labels ?? NONE;
  }
}

function checkQuery(query: SessionQuery, where: string): SessionQuery {
  if (typeof query !== 'object' || query === null) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${where}: expected \`{ label }\` or \`{ capability }\` (got ${describeValue(query)})`,
    );
  }
  for (const key of ['capability', 'label'] as const) {
    const value = query[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `${where}: \`${key}\` must be a non-empty string (got ${describeValue(value)})`,
      );
    }
  }
  return query;
}
