import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RefundLedger } from '../src/RefundLedger.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'brane-refund-ledger-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe('RefundLedger', () => {
  it('has no refunds before the first one', async () => {
    await expect(new RefundLedger(path.join(directory, 'refunds.jsonl')).entries()).resolves.toStrictEqual([]);
  });

  it('keeps every refund, in order, with the process that issued it; another instance on the file reads them', async () => {
    const file = path.join(directory, 'nested', 'refunds.jsonl');
    const ledger = new RefundLedger(file);
    await ledger.append({ refundId: 're_1', customerId: 'cust_1', amount: 10, reason: '' });
    await Promise.all(
      [20, 30, 40].map((amount) => ledger.append({ refundId: 're_x', customerId: 'cust_2', amount, reason: 'r' })),
    );

    const entries = await new RefundLedger(file).entries();
    expect(entries.map((entry) => entry.amount).sort()).toStrictEqual([10, 20, 30, 40]);
    expect(entries[0]).toMatchObject({ refundId: 're_1', customerId: 'cust_1', amount: 10, pid: process.pid });
    expect(Date.parse(entries[0]?.issuedAt ?? '')).not.toBeNaN();
  });
});
