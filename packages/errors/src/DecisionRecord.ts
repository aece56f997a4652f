/**
 * A decision as an error carries it. `Decision` from `@brane/decisions` implements this interface; it lives
 * here so that the errors package does not depend on the decision model.
 */
export interface DecisionRecord {
  readonly type: string;
  readonly reason: string | undefined;
  readonly decisionId: string;
  readonly actionId: string | undefined;
  readonly policyName: string | undefined;
  readonly policyVersion: string | undefined;
  readonly mutations: object | undefined;
  readonly approval: object | undefined;
  readonly audit: Readonly<Record<string, unknown>> | undefined;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly allowed: boolean;
  readonly denied: boolean;
  readonly requiresApproval: boolean;
}
