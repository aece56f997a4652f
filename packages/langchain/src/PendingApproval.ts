/**
 * An approval Brane asked for, as a tool call waits on it: what the approver needs to decide, read from the
 * approval store (the sealed record), so it shows exactly what an approval would allow. JSON data.
 */
export interface PendingApproval {
  /** The stored approval request: decide it with `runtime.approvals`, or answer the interrupt. */
  readonly approvalId: string;
  /** The governed capability, such as `langchain.refund_customer`. */
  readonly capability: string;
  /** The LangChain tool's name. */
  readonly tool: string;
  /** The id of the model's tool call (empty when the call had none). */
  readonly toolCallId: string;
  /** The tenant and principal the call ran as: the graph resumes, and decides, only under them. */
  readonly tenantId: string | undefined;
  readonly principalId: string | undefined;
  /** The arguments the approval is bound to, by name. */
  readonly args: Readonly<Record<string, unknown>>;
  /** Who may approve: any one of these groups. */
  readonly approverGroups: readonly string[];
  /** Why the policies ask for approval. */
  readonly reason: string;
  /** Facts the policies attached for the approver. */
  readonly context: Readonly<Record<string, unknown>>;
  /** When the request expires, ISO 8601. */
  readonly expiresAt: string;
}
