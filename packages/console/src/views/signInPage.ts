import { html } from 'hono/html';
import type { Html } from './Html.js';
import { flash, layout } from './layout.js';

const REFUSALS: Readonly<Record<string, string>> = {
  unknown: 'That sign-in token is not known. Ask for a new one (brane console users add).',
  used: 'That sign-in token was already used: each one signs in once. Ask for a new one.',
  expired: 'That sign-in token has expired. Ask for a new one.',
  malformed: 'That is not a sign-in token: paste the whole token or open the whole link.',
  rate_limited: 'Too many sign-in attempts: wait a few minutes and try again.',
};

/**
 * The sign-in page: a form that posts the token. Opening a sign-in link only fills the form: a link preview or
 * a crawler that fetches the link cannot use up the one-time token.
 */
export function signInPage(token: string | undefined, refusal: string | undefined): Html {
  return layout(
    'Sign in',
    'sign-in',
    undefined,
    html`<section class="sign-in">
      <h1>Sign in</h1>
      ${flash('error', refusal === undefined ? undefined : (REFUSALS[refusal] ?? REFUSALS['unknown']))}
      <p>Paste the one-time token that <code>brane console users add</code> printed, or open its link.</p>
      <form method="post" action="/sign-in">
        <label
          >Token <input name="token" autocomplete="off" spellcheck="false" size="48" value="${token ?? ''}" required
        /></label>
        <button type="submit">Sign in</button>
      </form>
    </section>`,
  );
}
