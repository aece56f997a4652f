import type pg from 'pg';

/** A refund the gateway issued. */
export interface Refund {
  readonly customerId: string;
  readonly amount: number;
  /** The worker that issued it. */
  readonly worker: string;
}

/**
 * The stand-in payment provider: each refund is a row of `<schema>.refunds`, with the worker that issued it,
 * so that "it ran exactly once, on worker 3" can be checked across processes.
 */
export class PaymentGateway {
  constructor(
    private readonly pool: pg.Pool,
    private readonly table: string,
    private readonly worker: string,
  ) {}

  /** Creates the refunds table (the application's own table, beside Brane's). */
  static async createTable(pool: pg.Pool, table: string): Promise<void> {
    await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (customer_id text, amount numeric, worker text, pid int)`);
  }

  async refund(customerId: string, amount: number): Promise<Refund> {
    await this.pool.query(`INSERT INTO ${this.table} VALUES ($1, $2, $3, $4)`, [
      customerId,
      amount,
      this.worker,
      process.pid,
    ]);
    return { customerId, amount, worker: this.worker };
  }

  /** Every refund issued, by any worker. */
  async issued(): Promise<(Refund & { readonly pid: number })[]> {
    const { rows } = await this.pool.query<{ customer_id: string; amount: string; worker: string; pid: number }>(
      `SELECT customer_id, amount, worker, pid FROM ${this.table}`,
    );
    return rows.map((row) => ({
      customerId: row.customer_id,
      amount: Number(row.amount),
      worker: row.worker,
      pid: row.pid,
    }));
  }
}
