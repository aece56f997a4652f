import type { Decision, RouteTarget, SandboxConstraints } from '@brane/decisions';
import type { ApprovalView, ShadowDecision } from '@brane/policy-engine';

/** Where a routed action went: from this capability to another, or to another model or provider. */
export interface ActionRoute {
  readonly from: {
    readonly capability: string;
    readonly model?: string | undefined;
    readonly provider?: string | undefined;
  };
  readonly to: RouteTarget;
}

/** What the runtime records on an action whose decision was more than a plain allow. */
export interface ActionEnforcement {
  decision?: Decision;
  /** The before stage whose decision is recorded, when it is attributed only if read (`decision` wins). */
  before?: { readonly decision: Decision };
  shadow?: readonly ShadowDecision[];
  approval?: ApprovalView;
  route?: ActionRoute;
  sandbox?: SandboxConstraints;
  signal?: AbortSignal;
  originalArgs?: readonly unknown[];
  afterDecision?: Decision;
  afterShadow?: readonly ShadowDecision[];
}
