import { BraneError, describeValue } from '@brane/errors';

/**
 * The error of a `reserve` whose `id` still holds a reservation under `key` (a cost in its window, a `concurrent`
 * slot neither released nor lapsed): an id names one reservation at a time, so the store refuses it, reserving
 * nothing, rather than overwrite or double the entry the other holds. `INVALID_ARGUMENT`: the caller's misuse, which
 * the runtime never fails open (`onStoreError: 'allow'` covers a store that fails, not one that refuses).
 */
export function idInUse(where: string, id: string, key: string): BraneError {
  return new BraneError(
    'INVALID_ARGUMENT',
    `${where}: action id ${describeValue(id)} already holds a reservation under limit ${describeValue(key)}: an id names one reservation at a time (reserve each action under its own id)`,
    { details: { reason: 'id_in_use', key } },
  );
}
