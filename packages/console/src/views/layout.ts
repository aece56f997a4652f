import { html } from 'hono/html';
import type { Session } from '../SessionStore.js';
import { visibleText } from '../visibleText.js';
import type { Html } from './Html.js';

/** Which page is open, for the navigation. */
export type ConsolePage = 'inbox' | 'audit' | 'notifications' | 'sign-in' | 'detail';

/**
 * The page around `body`: the stylesheet and the one script, both from `/static` (the CSP allows nothing inline),
 * the navigation, and who is signed in with their sign-out form (CSRF token included).
 */
export function layout(title: string, page: ConsolePage, session: Session | undefined, body: Html): Html {
  const nav = (target: ConsolePage, href: string, label: string): Html =>
    html`<a href="${href}" ${target === page ? html`aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · Brane console</title>
        <link rel="stylesheet" href="/static/console.css" />
        <script src="/static/console.js" defer></script>
      </head>
      <body data-page="${page}">
        <header class="top">
          <span class="brand">Brane console</span>
          ${
            session === undefined
              ? ''
              : html`<nav>
                    ${nav('inbox', '/', 'Inbox')} ${nav('audit', '/audit', 'Audit')}
                    ${nav('notifications', '/notifications', 'Notifications')}
                  </nav>
                  <form class="who" method="post" action="/sign-out">
                    <span
                      >Signed in as
                      <strong>${visibleText(session.identity.id)}</strong>
                      (${session.identity.groups.length === 0 ? 'no groups' : session.identity.groups.map(visibleText).join(', ')})</span
                    >
                    <input type="hidden" name="_csrf" value="${session.csrfToken}" />
                    <button type="submit">Sign out</button>
                  </form>`
          }
        </header>
        <main id="main">${body}</main>
      </body>
    </html>`;
}

/** A notice at the top of a page: `error` for a refusal, `info` otherwise. */
export function flash(kind: 'error' | 'info', text: string | undefined): Html | string {
  return text === undefined
    ? ''
    : html`<p class="flash ${kind}" role="${kind === 'error' ? 'alert' : 'status'}">${visibleText(text)}</p>`;
}
