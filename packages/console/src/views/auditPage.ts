import type { AuditVerification } from '@brane/audit';
import { html } from 'hono/html';
import type { TimelineAction, TimelineQuery } from '../AuditTimeline.js';
import type { Session } from '../SessionStore.js';
import { policyLabel } from '../summarizeApproval.js';
import { clippedText, visibleText } from '../visibleText.js';
import type { Html } from './Html.js';
import { riskClass, shortTime } from './inboxPage.js';
import { flash, layout } from './layout.js';

/** What the audit page shows. */
export interface AuditView {
  readonly query: TimelineQuery;
  /** `undefined`: the console reads no audit log. */
  readonly actions: readonly TimelineAction[] | undefined;
  readonly verification: readonly AuditVerification[] | undefined;
  readonly logPath: string | undefined;
  readonly error?: string | undefined;
}

const OUTCOMES = ['allowed', 'denied', 'approval_required', 'failed', 'open'];

/** The audit timeline: a search form, the verdict of `brane audit verify`, and the matching actions, newest first. */
export function auditPage(session: Session, view: AuditView): Html {
  const { query, actions, verification, logPath, error } = view;
  return layout(
    'Audit',
    'audit',
    session,
    html`<section class="audit">
      <h1>Audit timeline</h1>
      ${flash('error', error)}
      ${logPath === undefined ? html`<p class="empty">The console reads no audit log: start it with <code>--audit &lt;file or directory&gt;</code>.</p>` : verdict(logPath, verification ?? [])}
      <form class="filters" method="get" action="/audit">
        ${field('capability', 'Capability', query.capability)} ${field('tenant', 'Tenant', query.tenant)}
        ${field('principal', 'Principal', query.principal)}
        <label
          >Outcome
          <select name="outcome">
            <option value="">any</option>
            ${OUTCOMES.map((outcome) => html`<option value="${outcome}" ${outcome === query.outcome ? 'selected' : ''}>${outcome}</option>`)}
          </select></label
        >
        ${field('since', 'Since', query.since, 'date')} ${field('until', 'Until', query.until, 'date')}
        ${query.action === undefined ? '' : html`<input type="hidden" name="action" value="${query.action}" />`}
        <button type="submit">Search</button> <a href="/audit">Clear</a>
      </form>
      ${actions === undefined ? '' : actions.length === 0 ? html`<p class="empty">No action matches.</p>` : html`<div class="timeline">${actions.map((action) => auditActionDetails(action, query.action !== undefined))}</div>`}
    </section>`,
  );
}

/** One action of the timeline: a summary line that opens to its policies, durations and approval links. */
export function auditActionDetails(action: TimelineAction, open: boolean): Html {
  return html`<details class="action outcome-${outcomeClass(action.outcome)}" ${open ? 'open' : ''}>
    <summary>
      <time datetime="${action.time}">${shortTime(action.time)}</time>
      <strong>${clippedText(action.capability, 80)}</strong>
      <span class="risk risk-${riskClass(action.risk)}">${clippedText(action.risk ?? '?', 20)}</span>
      <span class="outcome">${clippedText(action.outcome, 30)}</span>
      tenant ${clippedText(action.tenantId ?? '—', 40)} · principal ${clippedText(action.principalId ?? '—', 60)}
    </summary>
    <p>
      Action
      <code>${visibleText(action.actionId)}</code
      >${action.agentId === undefined ? '' : html` by ${visibleText(action.agentId)}`}${action.reason === undefined ? '' : html`: ${visibleText(action.reason)}`}
      ${action.executedMs === undefined ? '' : html` · ran ${action.executedMs.toFixed(1)} ms`} · ${action.events}
      events
    </p>
    ${
      action.policies.length === 0
        ? ''
        : html`<table class="policies">
            <thead>
              <tr>
                <th>Stage</th>
                <th>Policy</th>
                <th>Decision</th>
                <th>Reason</th>
                <th>ms</th>
              </tr>
            </thead>
            <tbody>
              ${action.policies.map(
                (policy) =>
                  html`<tr>
                    <td>${policy.stage}</td>
                    <td>${visibleText(policyLabel(policy))}${policy.enforced ? '' : ' (shadow)'}</td>
                    <td>${visibleText(policy.decision)}</td>
                    <td>${visibleText(policy.reason ?? '')}</td>
                    <td>${policy.durationMs.toFixed(2)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    ${
      action.approvalIds.length === 0
        ? ''
        : html`<p>
            Approvals:
            ${action.approvalIds.map((id) => html`<a href="/approvals/${encodeURIComponent(id)}"><code>${visibleText(id)}</code></a> `)}
            ${action.approvalEvents.map((event) => html`<span class="approval-event">${event.type.replace('approval.', '')}${event.by === undefined ? '' : html` by ${visibleText(event.by)}`} ${shortTime(event.time)}</span> `)}
          </p>`
    }
  </details>`;
}

function verdict(logPath: string, results: readonly AuditVerification[]): Html {
  const bad = results.filter((result) => !result.ok);
  const records = results.reduce((sum, result) => sum + result.records, 0);
  if (results.length === 0)
    return html`<p class="verify">No audit logs in <code>${visibleText(logPath)}</code> yet.</p>`;
  if (bad.length === 0) {
    return html`<p class="verify ok">
      ✔ verified: ${results.length} log(s), ${records} records, whole and unaltered
      (<code>${visibleText(logPath)}</code>)
    </p>`;
  }
  return html`<div class="verify failed" role="alert">
    <p>✘ ${bad.length} of ${results.length} log(s) do not verify:</p>
    <ul>
      ${bad.map(
        (result) =>
          html`<li>
            <code>${visibleText(result.file)}</code>:
            ${result.problems
              .slice(0, 3)
              .map((problem) => `line ${problem.line}, ${problem.kind}: ${visibleText(problem.message)}`)
              .join('; ')}
          </li>`,
      )}
    </ul>
  </div>`;
}

function field(name: string, label: string, value: string | undefined, type = 'search'): Html {
  return html`<label>${label} <input type="${type}" name="${name}" value="${value ?? ''}" maxlength="256" /></label>`;
}

function outcomeClass(outcome: string): string {
  return OUTCOMES.includes(outcome) ? outcome : 'open';
}
