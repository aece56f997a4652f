import { BraneError, describeValue } from '@brane/errors';

/** The ids stores accept: 1 to 128 letters, digits, `_` or `-` (a ULID is 26), so an id is always a safe file name. */
export const APPROVAL_ID_PATTERN = /^[0-9A-Za-z_-]{1,128}$/;

/**
 * Throws an `INVALID_ARGUMENT` {@link BraneError} unless `id` is a string matching {@link APPROVAL_ID_PATTERN}.
 * Every store calls it before touching storage, so an id can never name a path outside the store.
 */
export function assertApprovalId(id: unknown, label = 'id'): asserts id is string {
  if (typeof id !== 'string' || !APPROVAL_ID_PATTERN.test(id)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `\`${label}\` must be an approval id: 1 to 128 letters, digits, \`_\` or \`-\` (got ${describeValue(id)})`,
      { details: { label } },
    );
  }
}
