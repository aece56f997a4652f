import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

/** The session cookie's name: `__Host-` prefixed over https (no Domain, Path=/, Secure: the browser enforces it). */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-brane_console' : 'brane_console';
}

/** The session cookie of the request, if any. */
export function readSessionCookie(c: Context, secure: boolean): string | undefined {
  return getCookie(c, sessionCookieName(secure));
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Path=/, Secure over https, for `maxAgeMs`. */
export function writeSessionCookie(c: Context, secure: boolean, value: string, maxAgeMs: number): void {
  setCookie(c, sessionCookieName(secure), value, {
    httpOnly: true,
    sameSite: 'Strict',
    secure,
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

/** Removes the session cookie. */
export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, sessionCookieName(secure), { path: '/', secure });
}
