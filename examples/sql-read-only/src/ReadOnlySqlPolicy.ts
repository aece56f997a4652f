import { BeforeCapability, Decision, type PolicyContext } from '@brane/sdk';
import { readOnlyViolation } from './readOnlyViolation.js';

/** Lets `execute_sql` run a query only when it is one read-only SELECT statement. */
export class ReadOnlySqlPolicy {
  @BeforeCapability('execute_sql', {
    name: 'read_only_sql',
    version: '1.0',
    description: 'Only single SELECT statements (or WITH ... SELECT) may run; no writes, DDL, PRAGMA or ATTACH',
  })
  readOnly(ctx: PolicyContext): Decision {
    const query = ctx.arg('query');
    if (typeof query !== 'string') return Decision.deny('Only SELECT queries are allowed: the query is not a string');
    const violation = readOnlyViolation(query);
    if (violation !== undefined) return Decision.deny(`Only SELECT queries are allowed: ${violation}`);
    return Decision.allow();
  }
}
