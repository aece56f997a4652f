import * as consoleEntry from '@brane/console';

describe('@brane/console entry point', () => {
  it('exports exactly the public runtime values', () => {
    expect(Object.keys(consoleEntry).sort()).toStrictEqual([
      'ConsoleUsers',
      'DEFAULT_TOKEN_TTL_MS',
      'InboxIndex',
      'SIGNATURE_HEADER',
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
