/**
 * The fields of a decision that an error reports. `Decision` from `@brane/decisions` implements it; the
 * interface lives here so that errors do not depend on the decision model.
 */
export interface DecisionRecord {
  readonly type: string;
  readonly reason: string | undefined;
  readonly decisionId: string;
  readonly actionId: string | undefined;
  readonly policyName: string | undefined;
  readonly policyVersion: string | undefined;
}
