import * as consoleEntry from '@brane/console';

describe('@brane/console entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(consoleEntry).sort()).toStrictEqual([
      'ConsoleUsers',
      'DEFAULT_SESSION_ACTIONS',
      'DEFAULT_SESSION_TTL_MS',
      'DEFAULT_TOKEN_TTL_MS',
      'FileConsoleSessions',
      'FileWebhookOutbox',
      'IDEMPOTENCY_HEADER',
      'InMemoryConsoleSessions',
      'InMemoryWebhookOutbox',
      'InboxIndex',
      'SCAN_OVERLAP_MS',
      'SIGNATURE_HEADER',
      'SessionStore',
      'SignInLimiter',
      'TokenAuthenticator',
      'WebhookNotifier',
      'createConsoleApp',
      'signWebhook',
      'startConsole',
      'summarizeApproval',
      'timeLeft',
      'verifyWebhook',
      'visibleText',
    ]);
  });
});
