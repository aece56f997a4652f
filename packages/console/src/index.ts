export { createConsoleApp } from './createConsoleApp.js';
export type { ConsoleApp, ConsoleAppOptions } from './createConsoleApp.js';
export { startConsole } from './startConsole.js';
export type { RunningConsole, StartConsoleOptions } from './startConsole.js';
export type { ConsoleApprovals } from './ConsoleApprovals.js';
export { DEFAULT_SESSION_ACTIONS } from './AgentSessions.js';
export type { AgentSessions } from './AgentSessions.js';
export type { Authenticator, SignInFields, SignInResult } from './Authenticator.js';
export { TokenAuthenticator } from './TokenAuthenticator.js';
export { ConsoleUsers, DEFAULT_TOKEN_TTL_MS } from './ConsoleUsers.js';
export type { ConsoleUser, IssuedToken } from './ConsoleUsers.js';
export type { ConsoleSessionBackend, StoredConsoleSession } from './ConsoleSessionBackend.js';
export { InMemoryConsoleSessions } from './InMemoryConsoleSessions.js';
export { FileConsoleSessions } from './FileConsoleSessions.js';
export { SessionStore, DEFAULT_SESSION_TTL_MS } from './SessionStore.js';
export type { Session } from './SessionStore.js';
export { SignInLimiter } from './SignInLimiter.js';
export type { SignInLimits } from './SignInLimiter.js';
export { InboxIndex } from './InboxIndex.js';
export type { InboxIndexOptions, InboxSnapshot } from './InboxIndex.js';
export type { ApprovalNotice, ApprovalNoticeType } from './ApprovalNotice.js';
export { IDEMPOTENCY_HEADER, WebhookNotifier } from './WebhookNotifier.js';
export type {
  NewOutboxDelivery,
  OutboxAttempt,
  OutboxDelivery,
  OutboxScan,
  WebhookOutboxStore,
} from './WebhookOutboxStore.js';
export { InMemoryWebhookOutbox } from './InMemoryWebhookOutbox.js';
export { FileWebhookOutbox } from './FileWebhookOutbox.js';
export { SCAN_OVERLAP_MS } from './scanApprovals.js';
export type { WebhookDelivery, WebhookOptions } from './WebhookNotifier.js';
export { SIGNATURE_HEADER, signWebhook, verifyWebhook } from './signWebhook.js';
export { summarizeApproval, timeLeft } from './summarizeApproval.js';
export { visibleText } from './visibleText.js';
