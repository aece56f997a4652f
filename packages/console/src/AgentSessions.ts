import type { SessionStore } from '@brane/sessions';

/**
 * Where the console reads the agents' sessions, for each request's recent actions: a `@brane/sessions` store
 * (`PostgresSessionStore` for a fleet, or the runtime's own store). Only `load` is used; the console never
 * writes a session.
 */
export type AgentSessions = Pick<SessionStore, 'load'>;

/** How many of a session's actions the detail page shows by default. */
export const DEFAULT_SESSION_ACTIONS = 10;
