/** A policy, by name and version, as recorded on approvals and composed decisions. */
export interface PolicyRef {
  readonly name: string;
  readonly version: string | undefined;
}
