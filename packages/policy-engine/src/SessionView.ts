import type { CapabilityType, EffectType, RiskLevel } from './CapabilityInfo.js';

/** One executed action of a session, as the runtime recorded it. */
export interface SessionEntry {
  readonly capability: string;
  readonly type: CapabilityType;
  readonly risk: RiskLevel;
  /** The capability's declared effect type, if any. */
  readonly effect: EffectType | undefined;
  /** Whether the declared effect reaches outside the system. */
  readonly external: boolean;
  /** The labels the output carried: declared by `produces`, added by policies, or inherited from nested actions. */
  readonly labels: readonly string[];
  /** `succeeded`: the output reached the caller. `failed`: the capability threw, or an after-policy withheld it. */
  readonly outcome: 'succeeded' | 'failed';
  /** When it finished, in epoch milliseconds. */
  readonly at: number;
}

/** Which actions of a session a query is about: those of one capability, or those whose output carried a label. */
export interface SessionQuery {
  readonly capability?: string | undefined;
  readonly label?: string | undefined;
}

/** A {@link SessionQuery} counted over a window: `'90s'`, `'30m'`, `'1h'`, `'7d'`, or milliseconds. */
export interface SessionCountQuery extends SessionQuery {
  readonly within?: string | number | undefined;
}

/**
 * What a policy reads of the session its action belongs to (`ctx.session`): the labels it holds, what it ran and
 * how often, and which values of an argument it read before under a label (value taint). Outside a session
 * (no `sessionId`) it is empty: no labels, no entries, nothing tainted.
 */
export interface SessionView {
  /** The session id, or `undefined` outside a session. */
  readonly id: string | undefined;
  /** Every label the session has held (they are never forgotten while the session lives), sorted. */
  readonly labels: readonly string[];
  /** Whether the session held `label`, or executed `capability` successfully (both, when both are given). */
  has(query: SessionQuery): boolean;
  /** How many actions of the session succeeded: all, of one capability, or carrying one label; optionally `within` a window. */
  count(query?: SessionCountQuery): number;
  /** The last `n` recorded entries, oldest first (the session keeps a bounded number of them). */
  last(n?: number): readonly SessionEntry[];
  /** The labels of earlier outputs whose values `value` carries (exact tokens; see the README), sorted. */
  labelsIn(value: unknown): readonly string[];
}
