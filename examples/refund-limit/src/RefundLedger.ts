import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Refund } from './PaymentGateway.js';

/** A refund as the ledger keeps it: with the process that issued it and when. */
export interface LedgerEntry extends Refund {
  readonly pid: number;
  readonly issuedAt: string;
}

/**
 * The payment provider's record of issued refunds, as a file of JSON lines that every process appends to.
 * It makes "the refund ran exactly once" observable across processes: count the lines.
 */
export class RefundLedger {
  constructor(readonly file: string) {}

  /** Appends one refund (one `O_APPEND` write of one line, so concurrent processes never interleave). */
  async append(refund: Refund): Promise<void> {
    const entry: LedgerEntry = { ...refund, pid: process.pid, issuedAt: new Date().toISOString() };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await fs.appendFile(this.file, `${JSON.stringify(entry)}\n`, 'utf8');
  }

  /** Every refund issued so far, oldest first; none when the file does not exist yet. */
  async entries(): Promise<LedgerEntry[]> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as LedgerEntry);
  }
}
