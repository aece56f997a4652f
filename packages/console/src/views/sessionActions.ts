import type { SessionEntry } from '@brane/policy-engine';
import { html } from 'hono/html';
import { visibleText } from '../visibleText.js';
import type { Html } from './Html.js';
import { shortTime } from './inboxPage.js';

/** The session part of a detail page: its last actions, or why there are none to show. */
export type SessionActionsView =
  | { readonly type: 'none' } // the console reads no sessions
  | { readonly type: 'no_session' } // the request names no session
  | { readonly type: 'read'; readonly sessionId: string; readonly entries: readonly SessionEntry[] }
  | { readonly type: 'failed'; readonly sessionId: string; readonly error: string };

/** The session's recent actions, newest first, every value escaped. */
export function sessionActions(view: SessionActionsView): Html | string {
  switch (view.type) {
    case 'none':
      return '';
    case 'no_session':
      return html`<h2>Session</h2>
        <p class="empty">This request names no session.</p>`;
    case 'failed':
      return html`<h2>Session <code>${visibleText(view.sessionId)}</code></h2>
        <p class="flash error session-error">Could not read the session: ${visibleText(view.error)}</p>`;
    case 'read':
      return html`<h2>Session <code>${visibleText(view.sessionId)}</code>: recent actions</h2>
        ${
          view.entries.length === 0
            ? html`<p class="empty">No recorded action in this session (none yet, or it expired).</p>`
            : html`<table class="session-actions">
                <thead>
                  <tr>
                    <th>At</th>
                    <th>Capability</th>
                    <th>Risk</th>
                    <th>Effect</th>
                    <th>Labels</th>
                    <th>Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  ${[...view.entries].reverse().map(
                    (entry) =>
                      html`<tr class="session-action outcome-${entry.outcome === 'succeeded' ? 'succeeded' : 'failed'}">
                        <td>
                          ${Number.isFinite(entry.at) && Math.abs(entry.at) <= 8.64e15 ? shortTime(new Date(entry.at).toISOString()) : '—'}
                        </td>
                        <td><code>${shown(entry.capability)}</code></td>
                        <td>${shown(entry.risk ?? '—')}</td>
                        <td>${shown(entry.effect ?? '—')}${entry.external ? ' (external)' : ''}</td>
                        <td>
                          ${(Array.isArray(entry.labels) ? (entry.labels as readonly unknown[]) : []).map((label) => shown(label)).join(', ') || '—'}
                        </td>
                        <td>${shown(entry.outcome)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>`
        }`;
  }
}

/** A value of a stored session as text: the store's JSON is not trusted to hold strings where the type says so. */
function shown(value: unknown): string {
  return visibleText(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
}
