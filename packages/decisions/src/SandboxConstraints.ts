/**
 * The limits a `sandbox` decision puts on an execution. A field left out does not constrain; an empty list
 * allows nothing.
 */
export interface SandboxConstraints {
  /** The capability is aborted and the call rejected after this long (async capabilities only). */
  readonly timeoutMs?: number | undefined;
  /** Hosts the capability may reach: `api.stripe.com`, or `*.example.com` for any subdomain. */
  readonly network?: { readonly allowHosts: readonly string[] } | undefined;
  /** Absolute paths the capability may read or write, with everything below them. */
  readonly filesystem?: { readonly allowPaths: readonly string[] } | undefined;
}
