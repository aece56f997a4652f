import { signWebhook, verifyWebhook } from '@brane/console';

describe('signWebhook and verifyWebhook', () => {
  const secret = 'a-webhook-secret';
  const body = '{"event":{"type":"approval.requested"}}';

  it('signs the timestamp with the body, and a receiver verifies it', () => {
    const header = signWebhook(secret, body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, body, header, 1_800_000_100)).toBe(true);
  });

  it.each([
    ['another body', (h: string) => [secret, `${body} `, h, 1_800_000_000] as const],
    ['another secret', (h: string) => ['another-secret!!', body, h, 1_800_000_000] as const],
    ['an old timestamp (a replay)', (h: string) => [secret, body, h, 1_800_000_301] as const],
    [
      'a changed timestamp',
      (h: string) => [secret, body, h.replace('t=1800000000', 't=1800000001'), 1_800_000_000] as const,
    ],
    ['no header', () => [secret, body, undefined, 1_800_000_000] as const],
    ['a malformed header', () => [secret, body, 't=1,v1=zz', 1_800_000_000] as const],
  ])('refuses %s', (_, args) => {
    const [key, text, header, now] = args(signWebhook(secret, body, 1_800_000_000));
    expect(verifyWebhook(key, text, header, now)).toBe(false);
  });
});
