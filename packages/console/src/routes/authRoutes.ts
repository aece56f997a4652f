import { Hono } from 'hono';
import type { ConsoleContext, ConsoleEnv } from '../ConsoleEnv.js';
import { clearSessionCookie, readSessionCookie, writeSessionCookie } from '../sessionCookie.js';
import { csrfMatches } from '../SessionStore.js';
import { signInPage } from '../views/signInPage.js';
import { formFields } from './formFields.js';

/**
 * `GET /sign-in` (the form, filled from a link's `?token=`), `POST /sign-in` (the authenticator checks the fields;
 * on success a new session and its cookie), `POST /sign-out` (with the CSRF token).
 */
export function authRoutes(context: ConsoleContext): Hono<ConsoleEnv> {
  const routes = new Hono<ConsoleEnv>();
  routes.get('/sign-in', (c) => c.html(signInPage(c.req.query('token'), undefined)));
  routes.post('/sign-in', async (c) => {
    const fields = await formFields(c);
    const result = await context.authenticator.signIn(fields);
    if (result.type === 'refused') return c.html(signInPage(undefined, result.reason), 401);
    context.sessions.close(readSessionCookie(c, context.secureCookies)); // a fresh session id at each sign-in
    const { cookie, session } = context.sessions.open(result.identity);
    writeSessionCookie(c, context.secureCookies, cookie, session.expiresAt - context.now());
    return c.redirect('/', 303);
  });
  routes.post('/sign-out', async (c) => {
    const cookie = readSessionCookie(c, context.secureCookies);
    const session = context.sessions.get(cookie);
    if (session !== undefined && !csrfMatches(session, (await formFields(c))['_csrf'])) {
      return c.text('Refused: the form has no valid CSRF token. Reload the page and try again.', 403);
    }
    context.sessions.close(cookie);
    clearSessionCookie(c, context.secureCookies);
    return c.redirect('/sign-in', 303);
  });
  return routes;
}
