import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import { DEFAULT_SESSION_ACTIONS, type AgentSessions } from './AgentSessions.js';
import type { Authenticator } from './Authenticator.js';
import type { ConsoleApprovals } from './ConsoleApprovals.js';
import type { ConsoleContext, ConsoleEnv } from './ConsoleEnv.js';
import { InboxIndex } from './InboxIndex.js';
import { approvalRoutes } from './routes/approvalRoutes.js';
import { authRoutes } from './routes/authRoutes.js';
import { consoleRoutes } from './routes/consoleRoutes.js';
import { readSessionCookie } from './sessionCookie.js';
import type { ConsoleSessionBackend } from './ConsoleSessionBackend.js';
import { SessionStore } from './SessionStore.js';
import { SignInLimiter, type SignInLimits } from './SignInLimiter.js';
import { CONSOLE_SCRIPT, CONSOLE_STYLE } from './staticAssets.js';
import type { WebhookNotifier } from './WebhookNotifier.js';

/** Options of {@link createConsoleApp}. */
export interface ConsoleAppOptions {
  /** The approvals to show and decide: an `ApprovalService` or `runtime.approvals`. */
  readonly approvals: ConsoleApprovals;
  /** How people sign in: a `TokenAuthenticator`, or your own (OIDC). */
  readonly authenticator: Authenticator;
  /** An audit log file or directory (a `JsonlFileSink`'s), for the timeline and each request's trail. */
  readonly auditLog?: string | undefined;
  /** The agents' sessions: the detail page lists the last actions of the request's session. */
  readonly agentSessions?: AgentSessions | undefined;
  /** How many of the session's actions the detail page lists. Default 10. */
  readonly sessionActions?: number | undefined;
  /** Where approval notices are sent. */
  readonly webhook?: WebhookNotifier | undefined;
  /** The webhook URL, shown on the notifications page. */
  readonly webhookUrl?: string | undefined;
  /** Cookies with `Secure` and the `__Host-` prefix: set it when the console is served over https. Default `false`. */
  readonly secureCookies?: boolean | undefined;
  /** Where sign-in sessions are kept. Default in memory (a restart signs everyone out). */
  readonly sessionBackend?: ConsoleSessionBackend | undefined;
  /** Sign-in attempts allowed per address and per user. Default 20 and 10 per 15 minutes. */
  readonly signInLimits?: SignInLimits | undefined;
  /** How long a session lasts. Default 8 hours. */
  readonly sessionTtlMs?: number | undefined;
  /** How old the inbox's snapshot of the store may be on a page load. Default 1,000 ms. */
  readonly inboxMaxAgeMs?: number | undefined;
  /** Up to this age a page load is answered from the snapshot while it is refreshed (see `InboxIndex`). Default 60 s. */
  readonly inboxMaxStaleMs?: number | undefined;
  readonly now?: (() => number) | undefined;
}

/** The console as a Hono application, and the parts a server drives. */
export interface ConsoleApp {
  /** The Hono application: `app.fetch(request)` answers a standard `Request`. */
  readonly app: Hono<ConsoleEnv>;
  /** The pending approvals; `startConsole` refreshes it on a timer, which drives live updates and webhooks. */
  readonly index: InboxIndex;
  readonly sessions: SessionStore;
}

const STATIC: Readonly<Record<string, readonly [string, string]>> = {
  '/static/console.js': ['text/javascript; charset=utf-8', CONSOLE_SCRIPT],
  '/static/console.css': ['text/css; charset=utf-8', CONSOLE_STYLE],
};

/**
 * The approval console's web application: the inbox, each request's detail and decision, the audit timeline,
 * webhook deliveries and live updates, behind sign-in. Every response carries a strict Content-Security-Policy
 * (`default-src 'self'`, no inline script or style); every state change needs the session's CSRF token and a
 * same-origin request; every value is escaped by the page templates.
 *
 * @example
 * const { app } = createConsoleApp({ approvals: runtime.approvals, authenticator: new TokenAuthenticator(users) });
 */
export function createConsoleApp(options: ConsoleAppOptions): ConsoleApp {
  const now = options.now ?? Date.now;
  const sessions = new SessionStore({ ttlMs: options.sessionTtlMs, now, backend: options.sessionBackend });
  const index = new InboxIndex({
    approvals: options.approvals,
    maxAgeMs: options.inboxMaxAgeMs,
    maxStaleMs: options.inboxMaxStaleMs,
    now,
  });
  const context: ConsoleContext = {
    approvals: options.approvals,
    authenticator: options.authenticator,
    sessions,
    limiter: new SignInLimiter(options.signInLimits, now),
    index,
    auditLog: options.auditLog,
    agentSessions: options.agentSessions,
    sessionActions: options.sessionActions ?? DEFAULT_SESSION_ACTIONS,
    webhook: options.webhook,
    webhookUrl: options.webhookUrl,
    secureCookies: options.secureCookies ?? false,
    now,
  };
  const app = new Hono<ConsoleEnv>();
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'no-referrer',
      strictTransportSecurity: context.secureCookies ? 'max-age=31536000' : false,
    }),
  );
  app.use(async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });
  app.use(csrf()); // a state change must come from the console's own origin (Origin or Sec-Fetch-Site)
  app.use(bodyLimit({ maxSize: 64 * 1024 }));
  for (const [path, [type, body]] of Object.entries(STATIC))
    app.get(path, (c) => c.body(body, 200, { 'Content-Type': type }));
  app.route('/', authRoutes(context));
  app.use(async (c, next) => {
    const session = await sessions.get(readSessionCookie(c, context.secureCookies));
    if (session === undefined) {
      return c.req.method === 'GET' ? c.redirect('/sign-in', 303) : c.text('Refused: sign in first', 401);
    }
    c.set('session', session);
    await next();
    return undefined;
  });
  app.route('/', approvalRoutes(context));
  app.route('/', consoleRoutes(context));
  return { app, index, sessions };
}
