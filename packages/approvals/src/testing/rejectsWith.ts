import assert from 'node:assert/strict';
import { BraneError, type BraneErrorCode } from '@brane/errors';

/** Asserts that `promise` rejects with a `BraneError` of `code`, matching `fields` and `message` if given. */
export async function rejectsWith(
  promise: Promise<unknown>,
  code: BraneErrorCode,
  { message, fields = {} }: { readonly message?: RegExp; readonly fields?: Readonly<Record<string, unknown>> } = {},
): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof BraneError, `expected a BraneError, got ${String(error)}`);
    assert.equal(error.code, code, `expected code ${code}, got ${error.code}: ${error.message}`);
    if (message !== undefined) assert.match(error.message, message);
    for (const [key, value] of Object.entries(fields)) {
      assert.deepEqual((error as unknown as Record<string, unknown>)[key], value, `error.${key}`);
    }
    return true;
  });
}

/** The ids of `records`, in order. */
export function idsOf(records: readonly { readonly id: string }[]): string[] {
  return records.map((record) => record.id);
}
