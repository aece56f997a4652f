import type { ApprovalRecord } from '@brane/approvals';
import { html } from 'hono/html';
import { mayDecide, type InboxPage, type InboxQuery } from '../InboxQuery.js';
import type { Session } from '../SessionStore.js';
import { summarizeApproval, timeLeft } from '../summarizeApproval.js';
import { clippedText, visibleText } from '../visibleText.js';
import type { Html } from './Html.js';
import { flash, layout } from './layout.js';

/** The inbox: filters, one row per pending request (newest first), and the link to the next page. */
export function inboxPage(session: Session, page: InboxPage, query: InboxQuery, nowMs: number, notice?: string): Html {
  return layout('Inbox', 'inbox', session, inboxBody(session, page, query, nowMs, notice));
}

/** The part of the inbox that live updates replace. */
export function inboxBody(session: Session, page: InboxPage, query: InboxQuery, nowMs: number, notice?: string): Html {
  const { choices } = page;
  return html`<section id="inbox" data-live="inbox">
    <h1>Pending approvals <span class="count">${page.matching} of ${page.pending}</span></h1>
    ${flash('error', notice)}
    <form class="filters" method="get" action="/">
      ${select('capability', 'Capability', choices.capabilities, query.capability)}
      ${select('tenant', 'Tenant', choices.tenants, query.tenant)} ${select('risk', 'Risk', choices.risks, query.risk)}
      ${select('group', 'Approver group', choices.groups, query.group)}
      <label><input type="checkbox" name="mine" value="1" ${query.mine === true ? 'checked' : ''} /> Only mine</label>
      <button type="submit">Filter</button>
      <a href="/">Clear</a>
    </form>
    ${
      page.records.length === 0
        ? html`<p class="empty">Nothing is waiting for a decision.</p>`
        : html`<table class="inbox">
            <thead>
              <tr>
                <th>Requested</th>
                <th>What the agent wants</th>
                <th>Risk</th>
                <th>Tenant</th>
                <th>Expires</th>
                <th>Who may decide</th>
              </tr>
            </thead>
            <tbody>
              ${page.records.map((record) => row(record, session, nowMs))}
            </tbody>
          </table>`
    }
    ${page.nextBefore === undefined ? '' : html`<p class="paging"><a rel="next" href="${nextPageHref(query, page.nextBefore)}">Older requests →</a></p>`}
  </section>`;
}

function row(record: ApprovalRecord, session: Session, nowMs: number): Html {
  const groups = record.request.approverGroups;
  const mine = mayDecide(record, session.identity.groups);
  return html`<tr class="${mine ? 'mine' : 'others'}">
    <td><time datetime="${record.requestedAt}">${shortTime(record.requestedAt)}</time></td>
    <td class="summary"><a href="/approvals/${encodeURIComponent(record.id)}">${summarizeApproval(record)}</a></td>
    <td><span class="risk risk-${riskClass(record.risk)}">${clippedText(record.risk ?? 'unknown', 20)}</span></td>
    <td>${clippedText(record.tenantId ?? '—', 40)}</td>
    <td>${timeLeft(record.expiresAt, nowMs)}</td>
    <td>
      ${groups.length === 0 ? 'any approver' : groups.map((group) => clippedText(group, 40)).join(' or ')}${mine ? html` <span class="you">you</span>` : ''}
    </td>
  </tr>`;
}

function select(name: string, label: string, values: readonly string[], current: string | undefined): Html {
  return html`<label
    >${label}
    <select name="${name}">
      <option value="">any</option>
      ${values.map((value) => html`<option value="${value}" ${value === current ? 'selected' : ''}>${clippedText(value, 60)}</option>`)}
    </select></label
  >`;
}

function nextPageHref(query: InboxQuery, before: string): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (key !== 'before' && value !== undefined) params.set(key, value === true ? '1' : String(value));
  }
  params.set('before', before);
  return `/?${params.toString()}`;
}

/** `high` for the CSS class of a known risk, `unknown` otherwise (never an agent's text in a class name). */
export function riskClass(risk: string | undefined): string {
  return risk !== undefined && ['none', 'low', 'medium', 'high', 'critical'].includes(risk) ? risk : 'unknown';
}

/** An ISO time as `2026-12-06 07:41:05 UTC`. */
export function shortTime(iso: string): string {
  return Number.isFinite(Date.parse(iso)) ? `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC` : visibleText(iso);
}
