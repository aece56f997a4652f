import {
  approvalState,
  assertApprovalId,
  vouchedApprover,
  type ApprovalRecord,
  type AuthorizeApprover,
} from '@brane/approvals';
import { BraneError } from '@brane/errors';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { readTimeline } from '../AuditTimeline.js';
import type { ConsoleContext, ConsoleEnv } from '../ConsoleEnv.js';
import { inboxPage, parseInboxQuery } from '../InboxQuery.js';
import { csrfMatches, type Session } from '../SessionStore.js';
import { detailPage, type DetailView } from '../views/detailPage.js';
import { inboxPage as renderInbox } from '../views/inboxPage.js';
import type { SessionActionsView } from '../views/sessionActions.js';
import { formFields } from './formFields.js';

/** The HTTP status of each refusal of a decision. */
const STATUS: Readonly<Record<string, ContentfulStatusCode>> = {
  APPROVER_NOT_ALLOWED: 403,
  APPROVAL_ALREADY_DECIDED: 409,
  APPROVAL_WITHDRAWN: 409,
  APPROVAL_EXPIRED: 410,
  APPROVAL_NOT_FOUND: 404,
  INVALID_ARGUMENT: 400,
};

/** The signed-in person, vouched for as the approver: the identity their authenticator proved, nothing they typed. */
const sessionApprover: AuthorizeApprover<Session> = ({ context }) => context.identity;

/** `GET /` (the inbox), `GET /approvals/:id` (the detail) and `POST /approvals/:id/decide`. */
export function approvalRoutes(context: ConsoleContext): Hono<ConsoleEnv> {
  const routes = new Hono<ConsoleEnv>();
  routes.get('/', async (c) => {
    const session = c.get('session');
    const query = parseInboxQuery(c.req.query());
    const page = inboxPage(await context.index.current(), query, session.identity.groups);
    return c.html(renderInbox(session, page, query, context.now()));
  });

  routes.get('/approvals/:id', async (c) => {
    const view = await detailView(context, c.req.param('id'));
    if (view === undefined) return c.text('No such approval', 404);
    return c.html(detailPage(c.get('session'), view));
  });

  routes.post('/approvals/:id/decide', async (c) => {
    const session = c.get('session');
    const id = c.req.param('id');
    const fields = await formFields(c);
    if (!csrfMatches(session, fields['_csrf'])) {
      return c.text('Refused: the form has no valid CSRF token. Reload the page and try again.', 403);
    }
    const outcome = fields['outcome'];
    if (outcome !== 'approved' && outcome !== 'rejected')
      return c.text('Refused: `outcome` must be approved or rejected', 400);
    const comment = fields['comment']?.trim() || undefined;
    try {
      const approval = await context.approvals.get(id);
      const approver = await vouchedApprover(sessionApprover, {
        approval,
        outcome,
        claimed: undefined,
        context: session,
      });
      if (approver === undefined) return c.text('Refused: no signed-in approver', 403);
      const input = { approver, comment };
      await (outcome === 'approved' ? context.approvals.approve(id, input) : context.approvals.reject(id, input));
    } catch (error) {
      if (!(error instanceof BraneError) || STATUS[error.code] === undefined) throw error;
      const view = await detailView(context, id);
      if (view === undefined) return c.text(error.message, 404);
      return c.html(
        detailPage(session, { ...view, notice: { kind: 'error', text: error.message } }),
        STATUS[error.code],
      );
    }
    void context.index.refresh().catch(() => undefined); // live updates and webhooks learn of it now
    return c.redirect(`/approvals/${encodeURIComponent(id)}`, 303);
  });
  return routes;
}

/** The record, its state and its audit trail; `undefined` for an id that is not one or not in the store. */
async function detailView(context: ConsoleContext, id: string): Promise<DetailView | undefined> {
  try {
    assertApprovalId(id);
  } catch {
    return undefined;
  }
  let record;
  try {
    record = await context.approvals.get(id);
  } catch (error) {
    if (error instanceof BraneError && error.code === 'APPROVAL_NOT_FOUND') return undefined;
    throw error;
  }
  const nowMs = context.now();
  const trail =
    context.auditLog === undefined
      ? undefined
      : await readTimeline(context.auditLog, { action: record.actionId }).catch(() => []);
  return { record, state: approvalState(record, nowMs), nowMs, trail, session: await sessionView(context, record) };
}

/** The request's session and its last actions, when the console reads sessions; a failed read is shown, not thrown. */
async function sessionView(context: ConsoleContext, record: ApprovalRecord): Promise<SessionActionsView> {
  const { agentSessions } = context;
  if (agentSessions === undefined) return { type: 'none' };
  const sessionId = record.sessionId;
  if (sessionId === undefined) return { type: 'no_session' };
  try {
    const state = await agentSessions.load(sessionId);
    return { type: 'read', sessionId, entries: state?.lastEntries(context.sessionActions) ?? [] };
  } catch (error) {
    return { type: 'failed', sessionId, error: error instanceof Error ? error.message : String(error) };
  }
}
