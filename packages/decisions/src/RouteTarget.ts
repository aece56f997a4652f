/**
 * Where a `route` decision sends the action: to another capability (governed by its own policies), or, for
 * a model capability, to another model or provider.
 */
export type RouteTarget =
  | { readonly capability: string; readonly model?: never; readonly provider?: never }
  | { readonly capability?: never; readonly model?: string | undefined; readonly provider?: string | undefined };
