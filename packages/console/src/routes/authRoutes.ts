import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
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
    const tooMany = (seconds: number) => {
      c.header('Retry-After', String(seconds));
      return c.html(signInPage(undefined, 'rate_limited'), 429);
    };
    const addressWait = context.limiter.address(clientAddress(c));
    if (addressWait !== undefined) return tooMany(addressWait);
    const fields = await formFields(c);
    const result = await context.authenticator.signIn(fields);
    const userId = result.type === 'signed_in' ? result.identity.id : result.userId;
    const userWait = userId === undefined ? undefined : context.limiter.user(userId);
    if (userWait !== undefined) return tooMany(userWait);
    if (result.type === 'refused') return c.html(signInPage(undefined, result.reason), 401);
    await context.sessions.close(readSessionCookie(c, context.secureCookies)); // a fresh session id at each sign-in
    const { cookie, session } = await context.sessions.open(result.identity);
    writeSessionCookie(c, context.secureCookies, cookie, session.expiresAt - context.now());
    return c.redirect('/', 303);
  });
  routes.post('/sign-out', async (c) => {
    const cookie = readSessionCookie(c, context.secureCookies);
    const session = await context.sessions.get(cookie);
    if (session !== undefined && !csrfMatches(session, (await formFields(c))['_csrf'])) {
      return c.text('Refused: the form has no valid CSRF token. Reload the page and try again.', 403);
    }
    await context.sessions.close(cookie);
    clearSessionCookie(c, context.secureCookies);
    return c.redirect('/sign-in', 303);
  });
  return routes;
}

/**
 * The address a request came from, as the socket says: a header (`X-Forwarded-For`) is never trusted, so a
 * console behind a proxy counts the proxy's address. `unknown` when there is no socket (`app.request` in tests).
 */
function clientAddress(c: Context<ConsoleEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
