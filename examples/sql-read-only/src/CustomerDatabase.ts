import { Capability } from '@brane/sdk';
import initSqlJs, { type Database, type SqlValue } from 'sql.js';

/** A row of the `customers` table. */
export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly plan: 'free' | 'pro' | 'enterprise';
}

/** One result row, by column name. */
export type SqlRow = Readonly<Record<string, SqlValue>>;

/** An in-memory SQLite database of customers (sql.js, SQLite compiled to WebAssembly) that an agent can query. */
export class CustomerDatabase {
  private constructor(private readonly db: Database) {}

  /** Loads SQLite, creates the `customers` table and fills it with `customers`. */
  static async open(customers: readonly Customer[]): Promise<CustomerDatabase> {
    const SQL = await initSqlJs(); // in Node, finds sql-wasm.wasm next to sql.js in node_modules
    const db = new SQL.Database();
    db.run('create table customers (id text primary key, name text not null, email text not null, plan text not null)');
    for (const { id, name, email, plan } of customers) {
      db.run('insert into customers (id, name, email, plan) values (?, ?, ?, ?)', [id, name, email, plan]);
    }
    return new CustomerDatabase(db);
  }

  /**
   * Runs one SQL statement and returns its rows. Synchronous, like sql.js: governed, it stays synchronous.
   * Whatever the policies allow, a query holding more than one statement is refused here (defense in depth).
   */
  @Capability({
    name: 'execute_sql',
    type: 'database',
    risk: 'high',
    effect: { type: 'write', reversible: false, description: 'Runs arbitrary SQL against the customer database' },
    dataNamespace: 'crm.customers',
    owner: 'data-platform',
  })
  executeSql(query: string): SqlRow[] {
    const count = this.countStatements(query);
    if (count !== 1) throw new Error(`executeSql runs exactly one statement, and \`${query}\` has ${count}`);
    const statement = this.db.prepare(query); // compiles the first statement only
    try {
      const rows: SqlRow[] = [];
      while (statement.step()) rows.push(statement.getAsObject());
      return rows;
    } finally {
      statement.free();
    }
  }

  /** Closes the database. */
  close(): void {
    this.db.close();
  }

  /** How many statements SQLite finds in `sql`: each is compiled, never run. */
  private countStatements(sql: string): number {
    const statements = this.db.iterateStatements(sql);
    let count = 0;
    while (!statements.next().done) count += 1;
    return count;
  }
}
