import type { ApprovalRecord, ApprovalState } from '@brane/approvals';
import { html } from 'hono/html';
import type { TimelineAction } from '../AuditTimeline.js';
import { mayDecide } from '../InboxQuery.js';
import type { Session } from '../SessionStore.js';
import { policyLabel, summarizeApproval, timeLeft } from '../summarizeApproval.js';
import { visibleText } from '../visibleText.js';
import { auditActionDetails } from './auditPage.js';
import type { Html } from './Html.js';
import { riskClass, shortTime } from './inboxPage.js';
import { flash, layout } from './layout.js';
import { sessionActions, type SessionActionsView } from './sessionActions.js';
import { valueRows } from './valueRows.js';

/** What the detail page shows besides the record. */
export interface DetailView {
  readonly record: ApprovalRecord;
  readonly state: ApprovalState;
  readonly nowMs: number;
  /** The action's audit trail so far; `undefined` when the console reads no audit log. */
  readonly trail: readonly TimelineAction[] | undefined;
  /** The request's session and its recent actions. */
  readonly session: SessionActionsView;
  readonly notice?: { readonly kind: 'error' | 'info'; readonly text: string } | undefined;
}

/** One approval: every bound argument as it will execute, who asked and why, its decision, its audit trail. */
export function detailPage(session: Session, view: DetailView): Html {
  const { record, state, nowMs, trail, notice, session: agentSession } = view;
  const { request, decision } = record;
  return layout(
    `Approval ${record.id}`,
    'detail',
    session,
    html`<section class="detail" data-live="detail" data-approval="${record.id}">
      <p><a href="/">← Inbox</a></p>
      <h1>
        ${visibleText(record.capability)} <span class="state state-${state}">${state}</span>
        <span class="risk risk-${riskClass(record.risk)}">${visibleText(record.risk ?? 'risk unknown')}</span>
      </h1>
      ${flash(notice?.kind ?? 'info', notice?.text)}
      <p class="sentence">${summarizeApproval(record)}</p>
      <h2>Arguments, exactly as they will execute</h2>
      <table class="values">
        <thead>
          <tr>
            <th>Argument</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          ${valueRows(record.args).map(
            (row) =>
              html`<tr>
                <th scope="row"><code>${visibleText(row.path)}</code></th>
                <td><code>${visibleText(JSON.stringify(row.value) ?? 'undefined')}</code></td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>Why approval is needed</h2>
      <p class="reason">${visibleText(request.reason)}</p>
      <table class="facts">
        <tbody>
          <tr>
            <th>Asked by</th>
            <td>${record.policies.map((policy) => visibleText(policyLabel(policy))).join(', ') || '—'}</td>
          </tr>
          <tr>
            <th>Who may decide</th>
            <td>
              ${request.approverGroups.length === 0 ? 'any signed-in approver' : request.approverGroups.map(visibleText).join(' or ')}${request.distinctApprover ? ` (not ${visibleText(record.principalId ?? 'the principal')})` : ''}
            </td>
          </tr>
          ${valueRows(request.context).map(
            (row) =>
              html`<tr>
                <th>Context <code>${visibleText(row.path)}</code></th>
                <td><code>${visibleText(JSON.stringify(row.value) ?? '')}</code></td>
              </tr>`,
          )}
          <tr>
            <th>Tenant</th>
            <td>${visibleText(record.tenantId ?? '—')}</td>
          </tr>
          <tr>
            <th>Principal</th>
            <td>${visibleText(record.principalId ?? '—')}</td>
          </tr>
          <tr>
            <th>Agent</th>
            <td>${visibleText(record.agentId ?? '—')}</td>
          </tr>
          <tr>
            <th>Environment</th>
            <td>${visibleText(record.environment)}</td>
          </tr>
          <tr>
            <th>Action · trace</th>
            <td>
              <a href="/audit?action=${encodeURIComponent(record.actionId)}"
                ><code>${visibleText(record.actionId)}</code></a
              >
              · <code>${visibleText(record.traceId)}</code>
            </td>
          </tr>
          <tr>
            <th>Requested</th>
            <td>${shortTime(record.requestedAt)}</td>
          </tr>
          <tr>
            <th>Expires</th>
            <td>${shortTime(record.expiresAt)} (${timeLeft(record.expiresAt, nowMs)})</td>
          </tr>
        </tbody>
      </table>
      ${
        decision === undefined
          ? ''
          : html`<h2>Decision</h2>
              <p class="decision decision-${decision.outcome}">
                <strong>${decision.outcome}</strong> by
                <strong>${visibleText(decision.by)}</strong>
                ${decision.authenticated ? `(signed in: ${visibleText(decision.authenticatedBy ?? 'application')}; through ${decision.groups.length === 0 ? 'no group' : decision.groups.map(visibleText).join(', ')})` : '(a typed name, not authenticated)'}
                at ${shortTime(decision.at)}
              </p>
              ${decision.comment === undefined ? '' : html`<blockquote class="comment">${visibleText(decision.comment)}</blockquote>`}`
      }
      ${record.execution === undefined ? '' : html`<p>Claimed ${shortTime(record.execution.claimedAt)}${record.execution.outcome === undefined ? '' : html`; ${visibleText(record.execution.outcome)}${record.execution.error === undefined ? '' : html`: ${visibleText(record.execution.error)}`}`}</p>`}
      ${state === 'pending' ? decideForm(session, record) : ''} ${sessionActions(agentSession)}
      <h2>Audit trail so far</h2>
      ${
        trail === undefined
          ? html`<p class="empty">The console reads no audit log (start it with --audit).</p>`
          : trail.length === 0
            ? html`<p class="empty">No audit events of this action yet.</p>`
            : trail.map((action) => auditActionDetails(action, true))
      }
    </section>`,
  );
}

function decideForm(session: Session, record: ApprovalRecord): Html {
  if (!mayDecide(record, session.identity.groups)) {
    return html`<p class="flash info">
      You are not in ${record.request.approverGroups.map(visibleText).join(' or ')}: you may read this request, not
      decide it.
    </p>`;
  }
  return html`<form class="decide" method="post" action="/approvals/${encodeURIComponent(record.id)}/decide">
    <input type="hidden" name="_csrf" value="${session.csrfToken}" />
    <label>Comment <textarea name="comment" rows="2" maxlength="2000"></textarea></label>
    <button type="submit" name="outcome" value="approved" class="approve">Approve</button>
    <button type="submit" name="outcome" value="rejected" class="reject">Reject</button>
  </form>`;
}
