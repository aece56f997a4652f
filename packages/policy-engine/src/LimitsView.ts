/**
 * What a policy can read of the runtime's limits (`ctx.limits`), to decide on what is left: for example, ask
 * for approval when less than a fifth of a budget remains.
 *
 * @example
 * const left = ctx.limits.remainingSync(`refunds:${ctx.tenantId}`) ?? 1000;
 * if (left - amount < 200) return Decision.requireApproval({ approverGroup: 'finance', reason: 'Budget nearly spent' });
 */
export interface LimitsView {
  /**
   * What remains under `key`, by the store's clock, against the `max` of the last limit that reserved it;
   * `undefined` when nothing is reserved under it now (all of any `max` remains).
   */
  remaining(key: string): Promise<number | undefined>;
  /** {@link remaining}, synchronously, from a synchronous (in-memory) store; throws for a remote one. */
  remainingSync(key: string): number | undefined;
}

/** The view of a context built outside a runtime: no store, so nothing is reserved anywhere. */
export const NO_LIMITS: LimitsView = Object.freeze({
  remaining: () => Promise.resolve(undefined),
  remainingSync: () => undefined,
});
