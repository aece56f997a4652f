import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileWebhookOutbox, InMemoryWebhookOutbox } from '@brane/console';
import { webhookOutboxContract } from './harness/webhookOutboxContract';

describe('InMemoryWebhookOutbox', () => {
  webhookOutboxContract(() => new InMemoryWebhookOutbox());
});

describe('FileWebhookOutbox', () => {
  const directories: string[] = [];
  afterAll(() => {
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });
  webhookOutboxContract(() => {
    const directory = mkdtempSync(path.join(tmpdir(), 'brane-outbox-'));
    directories.push(directory);
    return new FileWebhookOutbox(directory);
  });

  it('is shared by two instances on one directory, as two consoles would', async () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'brane-outbox-'));
    directories.push(directory);
    const one = new FileWebhookOutbox(directory);
    const two = new FileWebhookOutbox(directory);
    await one.enqueue(
      Array.from({ length: 10 }, (_, i) => ({
        key: `K${i}:approval.requested`,
        approvalId: `K${i}`,
        event: 'approval.requested' as const,
        body: '{}',
      })),
      1_000,
    );
    const [a, b] = await Promise.all([one.lease('one', 6, 1_000, 5_000), two.lease('two', 6, 1_000, 5_000)]);
    const keys = [...a, ...b].map((delivery) => delivery.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(10);
  });
});
