import type { AgentSessions } from './AgentSessions.js';
import type { Authenticator } from './Authenticator.js';
import type { ConsoleApprovals } from './ConsoleApprovals.js';
import type { InboxIndex } from './InboxIndex.js';
import type { Session, SessionStore } from './SessionStore.js';
import type { SignInLimiter } from './SignInLimiter.js';
import type { WebhookNotifier } from './WebhookNotifier.js';

/** What every route of the console shares. @internal */
export interface ConsoleContext {
  readonly approvals: ConsoleApprovals;
  readonly authenticator: Authenticator;
  readonly sessions: SessionStore;
  readonly limiter: SignInLimiter;
  readonly index: InboxIndex;
  readonly auditLog: string | undefined;
  readonly agentSessions: AgentSessions | undefined;
  readonly sessionActions: number;
  readonly webhook: WebhookNotifier | undefined;
  readonly webhookUrl: string | undefined;
  readonly secureCookies: boolean;
  readonly now: () => number;
}

/** The Hono environment of the console's routes: the signed-in session, once the session guard has run. @internal */
export interface ConsoleEnv {
  Variables: { session: Session };
}
