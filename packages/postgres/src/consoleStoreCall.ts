import { ApprovalError } from '@brane/errors';
import { postgresFailure } from './postgresFailure.js';

/**
 * Runs one operation of a console table (sign-in sessions, the webhook outbox): a driver failure becomes
 * `APPROVAL_STORE_FAILED`, naming the store and what it could not do, with the failure's kind and SQLSTATE.
 *
 * @internal
 */
export async function consoleStoreCall<T>(store: string, what: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    const failure = postgresFailure(error);
    throw new ApprovalError('APPROVAL_STORE_FAILED', '*', `${store} could not ${what}: ${failure.summary}`, {
      cause: error,
      details: { kind: failure.kind, sqlState: failure.sqlState },
    });
  }
}
