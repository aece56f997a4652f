import { html } from 'hono/html';
import type { Session } from '../SessionStore.js';
import type { WebhookDelivery } from '../WebhookNotifier.js';
import { visibleText } from '../visibleText.js';
import type { Html } from './Html.js';
import { shortTime } from './inboxPage.js';
import { flash, layout } from './layout.js';

/** The webhook deliveries, newest first, failures included. */
export function notificationsPage(
  session: Session,
  webhook: string | undefined,
  deliveries: readonly WebhookDelivery[],
  error?: string,
): Html {
  const failed = deliveries.filter((delivery) => delivery.status === 'failed').length;
  return layout(
    'Notifications',
    'notifications',
    session,
    html`<section class="notifications">
      <h1>Notifications</h1>
      ${flash('error', error)}
      ${
        webhook === undefined
          ? html`<p class="empty">
              No webhook is set: start the console with <code>--webhook &lt;url&gt;</code> and
              <code>BRANE_CONSOLE_WEBHOOK_SECRET</code>.
            </p>`
          : html`<p>
              Webhook: <code>${visibleText(webhook)}</code> · ${deliveries.length} recent notices,
              <strong class="${failed > 0 ? 'bad' : ''}">${failed} failed</strong>
            </p>`
      }
      ${
        deliveries.length === 0
          ? ''
          : html`<table>
              <thead>
                <tr>
                  <th>At</th>
                  <th>Event</th>
                  <th>Approval</th>
                  <th>Status</th>
                  <th>Attempts</th>
                  <th>Next attempt</th>
                  <th>Last error</th>
                </tr>
              </thead>
              <tbody>
                ${deliveries.map(
                  (delivery) =>
                    html`<tr class="delivery-${delivery.status}">
                      <td>${shortTime(delivery.at)}</td>
                      <td>${delivery.type}</td>
                      <td>
                        <a href="/approvals/${encodeURIComponent(delivery.approvalId)}"
                          ><code>${visibleText(delivery.approvalId)}</code></a
                        >
                      </td>
                      <td>${delivery.status}</td>
                      <td>${delivery.attempts}</td>
                      <td>${delivery.nextAttemptAt === undefined ? '—' : shortTime(delivery.nextAttemptAt)}</td>
                      <td class="last-error">${visibleText(delivery.lastError ?? '')}</td>
                    </tr>`,
                )}
              </tbody>
            </table>`
      }
    </section>`,
  );
}
