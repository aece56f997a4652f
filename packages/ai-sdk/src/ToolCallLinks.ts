import { canonicalJson, type RequestingIdentity } from '@brane/approvals';
import type { BraneToolApproval } from './BraneToolApproval.js';

/** How many tool-call links a runtime keeps at most; the oldest go first. */
const MAX_LINKS = 10_000;
/** How long a link is kept after its request expired, so that a late approval is refused as expired. */
const LINK_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * The links from SDK tool calls to the Brane approval requests recorded for them, in one process. The model
 * (and, with `useChat`, the client) picks tool call ids, so a link is keyed by all that makes the call: the
 * tenant and principal it ran as, the tool, the tool call id and the arguments. Another identity never finds a
 * link, whatever id it uses; the same identity reusing an id for other arguments gets a request of its own, and
 * is never shown the other one's arguments.
 */
export class ToolCallLinks {
  /** By identity, tool and tool call id; then by arguments (canonical JSON), most recent last. */
  readonly #calls = new Map<string, Map<string, BraneToolApproval>>();
  #size = 0;

  /** Links the tool call `approval` names, made under `approval`'s identity with `input`, to its request. */
  link(approval: BraneToolApproval, input: unknown): void {
    this.#evict();
    const key = callKey(approval, approval.toolName, approval.toolCallId);
    const byArgs = this.#calls.get(key) ?? new Map<string, BraneToolApproval>();
    this.#calls.delete(key); // re-inserted last: the most recently used call is evicted last
    const args = canonicalJson(input);
    if (byArgs.delete(args)) this.#size -= 1;
    byArgs.set(args, Object.freeze(approval));
    this.#size += 1;
    this.#calls.set(key, byArgs);
  }

  /**
   * The request linked to a tool call made under `identity`: with `input`, the one for exactly those arguments;
   * without (a bare tool call reference), the most recent for that tool call id. Input that is not JSON data (a
   * schema may make a `Date`) was never linked: no approval request can be bound to it. Links are kept for a day
   * past their request's expiry, so that a late approval is refused as expired.
   */
  linkOf(
    identity: RequestingIdentity,
    toolName: string,
    toolCallId: string,
    input?: unknown,
  ): BraneToolApproval | undefined {
    const byArgs = this.#calls.get(callKey(identity, toolName, toolCallId));
    if (byArgs === undefined) return undefined;
    if (input === undefined) return [...byArgs.values()].at(-1);
    const args = argsKey(input);
    return args === undefined ? undefined : byArgs.get(args);
  }

  /** Whether Brane approval `approvalId` is linked to an SDK tool call in this process. */
  isLinked(approvalId: string): boolean {
    for (const byArgs of this.#calls.values()) {
      for (const linked of byArgs.values()) if (linked.approvalId === approvalId) return true;
    }
    return false;
  }

  /** Drops the oldest calls while there are too many links, or while the oldest call's requests are all long expired. */
  #evict(): void {
    const stale = Date.now() - LINK_GRACE_MS;
    for (const [key, byArgs] of this.#calls) {
      const expired = [...byArgs.values()].every((linked) => !(Date.parse(linked.expiresAt) > stale));
      if (this.#size < MAX_LINKS && !expired) break;
      this.#calls.delete(key);
      this.#size -= byArgs.size;
    }
  }
}

/** JSON tells an absent tenant (`null`) from any tenant id, so no two identities or calls share a key. */
function callKey(identity: RequestingIdentity, toolName: string, toolCallId: string): string {
  return JSON.stringify([identity.tenantId ?? null, identity.principalId ?? null, toolName, toolCallId]);
}

/** The arguments as canonical JSON, or `undefined` when they are not JSON data. */
function argsKey(input: unknown): string | undefined {
  try {
    return canonicalJson(input);
  } catch {
    return undefined;
  }
}
