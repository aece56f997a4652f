import { canonicalJson, type AuthorizeApprover, type RequestingIdentity } from '@brane/approvals';
import type { Runtime } from '@brane/core';
import type { BraneError } from '@brane/errors';
import type { RunContext, RunToolApprovalItem } from '@openai/agents';
import type { InterruptionApproval } from './GovernOptions.js';

/**
 * The Brane approval request behind one SDK interruption: made by `needsApproval` when Brane's policies
 * ask for approval, used by the tool's `execute` once the SDK resumes the run. It belongs to the tenant and
 * principal the call ran as.
 *
 * @internal
 */
export interface ApprovalLink extends RequestingIdentity {
  readonly runtime: Runtime;
  readonly approvalId: string;
  readonly capability: string;
  readonly toolName: string;
  readonly callId: string;
  /** The call's input as `needsApproval` saw it, as canonical JSON: a reused call id with other input is another call. */
  readonly input: string | undefined;
  readonly approverGroups: readonly string[];
  readonly reason: string;
  readonly expiresAt: string;
  /** The tool's refusal formatter, for the rejection text the model gets. */
  readonly refusalMessage: (error: BraneError) => string;
  /** The tool's `authorizeApprover`, which `approveInterruption` and `rejectInterruption` ask. */
  readonly authorizeApprover: AuthorizeApprover<InterruptionApproval> | undefined;
}

/**
 * Where the links live: with the run's `RunContext` (the SDK keeps one per run, across interruptions and
 * resumes; an app may also pass one `RunContext` to several runs, and agents used as tools share their
 * caller's), by tenant, principal, tool call id and input. Held weakly: a finished run's links go with its
 * context.
 *
 * Tool call ids are the model's (and a client that sends the history picks them): a link is found only by
 * the identity whose call made it, so a colliding id from another tenant or principal gets its own request,
 * and the same identity reusing an id for other input is never shown the other input's request.
 *
 * @internal
 */
export class ApprovalLinks {
  readonly #byContext = new WeakMap<RunContext, Map<string, ApprovalLink>>();

  set(runContext: RunContext, link: ApprovalLink): void {
    let links = this.#byContext.get(runContext);
    if (links === undefined) this.#byContext.set(runContext, (links = new Map<string, ApprovalLink>()));
    links.set(keyOf(link, link.callId, link.input), link);
  }

  /** The link of a call of `toolName` made under `identity` with `input` (canonical JSON), if there is one. */
  get(
    runContext: RunContext,
    toolName: string,
    callId: string,
    identity: RequestingIdentity,
    input: string | undefined,
  ): ApprovalLink | undefined {
    const link = this.#byContext.get(runContext)?.get(keyOf(identity, callId, input));
    if (link !== undefined) return link.toolName === toolName ? link : undefined;
    return covering(this.#candidates(runContext, toolName, callId, identity), input);
  }

  /**
   * The link of an interruption, if Brane asked for it under the identity its runtime runs as now (each link's
   * runtime: a link of another identity is not found), for the interruption's arguments.
   */
  forItem(runContext: RunContext, item: RunToolApprovalItem): ApprovalLink | undefined {
    const raw = item.rawItem;
    if (raw.type !== 'function_call') return undefined;
    const mine = [...(this.#byContext.get(runContext)?.values() ?? [])].filter(
      (link) =>
        link.callId === raw.callId &&
        link.toolName === raw.name &&
        keyOf(link.runtime.identity, link.callId, link.input) === keyOf(link, link.callId, link.input),
    );
    return covering(mine, argumentsKey(raw.arguments));
  }

  /** Removes and returns the link of a call made under `identity` (see {@link get}): an approval is used once. */
  take(
    runContext: RunContext,
    toolName: string,
    callId: string,
    identity: RequestingIdentity,
    input: string | undefined,
  ): ApprovalLink | undefined {
    const link = this.get(runContext, toolName, callId, identity, input);
    if (link !== undefined) this.#byContext.get(runContext)?.delete(keyOf(link, link.callId, link.input));
    return link;
  }

  #candidates(runContext: RunContext, toolName: string, callId: string, identity: RequestingIdentity): ApprovalLink[] {
    const who = keyOf(identity, callId, undefined);
    return [...(this.#byContext.get(runContext)?.values() ?? [])].filter(
      (link) => link.toolName === toolName && keyOf(link, link.callId, undefined) === who,
    );
  }
}

/** JSON tells an absent tenant (`null`) from any tenant id, so no two identities or calls share a key. */
function keyOf(identity: RequestingIdentity, callId: string, input: string | undefined): string {
  return JSON.stringify([identity.tenantId ?? null, identity.principalId ?? null, callId, input ?? null]);
}

/**
 * The one link among `links` made for `input` (canonical JSON): the same input, or, since the SDK may hand a tool
 * its input normalized by the tool's schema (defaults added), the only link whose input has every field of `input`
 * with the same value. Anything else (no such link, or several) is `undefined`: fail closed.
 */
function covering(links: readonly ApprovalLink[], input: string | undefined): ApprovalLink | undefined {
  if (input === undefined) return undefined;
  const exact = links.find((link) => link.input === input);
  if (exact !== undefined) return exact;
  const given = JSON.parse(input) as unknown;
  const found = links.filter((link) => link.input !== undefined && hasFields(JSON.parse(link.input), given));
  return found.length === 1 ? found[0] : undefined;
}

/** Whether `whole` has every field of `part` with the same value (both JSON data). */
function hasFields(whole: unknown, part: unknown): boolean {
  if (typeof part !== 'object' || part === null || Array.isArray(part)) return false;
  if (typeof whole !== 'object' || whole === null || Array.isArray(whole)) return false;
  const fields = whole as Record<string, unknown>;
  return Object.entries(part).every(
    ([name, value]) => Object.hasOwn(fields, name) && canonicalJson(fields[name]) === canonicalJson(value),
  );
}

/** The canonical JSON of a function call's arguments (the model's JSON text), or `undefined` if it is not JSON. */
function argumentsKey(text: string): string | undefined {
  try {
    return canonicalJson(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** @internal The links of every governed tool of this package. */
export const approvalLinks = new ApprovalLinks();
