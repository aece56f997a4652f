import type { ExecutionContext } from '@nestjs/common';

/**
 * Who a request acts for, as the application's `identify` function reads it from the request (typically the
 * `req.user` that a Passport-style guard set). Each field is the request's own: a field left out is absent
 * for the request, never filled in from the runtime's defaults.
 */
export interface RequestIdentity {
  readonly tenantId?: string | undefined;
  /** The user or service the agent acts for. */
  readonly principalId?: string | undefined;
  /** The scopes the request grants; `refunds:*` grants every `refunds:` scope. */
  readonly scopes?: readonly string[] | undefined;
  /** Joins the request's actions to an existing trace (for example from a `traceparent` header). */
  readonly traceId?: string | undefined;
  /**
   * The session (agent run, conversation) the request's actions belong to, such as a conversation id the client
   * sends and the application checked belongs to the user. Left out: the request runs outside any session.
   */
  readonly sessionId?: string | undefined;
}

/**
 * Reads the identity of a request. `request` is the first argument of the handler's context: the HTTP
 * request, the WebSocket client or the RPC payload. Return `undefined` or `null` for an anonymous request: it
 * runs with no tenant, no principal and no scopes.
 *
 * @example
 * const identify: IdentifyRequest<{ user?: { id: string; tenant: string; scopes: string[] } }> = (req) =>
 *   req.user && { tenantId: req.user.tenant, principalId: req.user.id, scopes: req.user.scopes };
 */
export type IdentifyRequest<Request = never> = (
  request: Request,
  context: ExecutionContext,
) => RequestIdentity | null | undefined | Promise<RequestIdentity | null | undefined>;
