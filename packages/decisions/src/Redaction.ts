/**
 * A field of an output to redact. `path` names it with dots, and `[]` (or `*`) for every element of an array
 * or every key of an object: `customer.email`, `customers[].email`, `rows[].contact.*`.
 */
export interface Redaction {
  readonly path: string;
  /** `mask` replaces the value with `mask`; `remove` deletes the field (or array element). */
  readonly action: 'mask' | 'remove';
  /** The replacement for `mask`. Default `[REDACTED]`. */
  readonly mask?: string | undefined;
}

/** The default replacement of a masked field. */
export const DEFAULT_MASK = '[REDACTED]';

/** How a policy names a field to redact: a path (masked), or the path with what to do. */
export type RedactionInit =
  string | { readonly path: string; readonly action?: 'mask' | 'remove'; readonly mask?: string };
