/** The longest value an indexed column of `audit_records` holds: longer ones are cut (the record keeps them whole). */
export const MAX_COLUMN_LENGTH = 500;

/**
 * The indexed columns of one audit record, copied from its event. Values that are not strings are `null`; a time
 * that does not parse is `null` too (the sink then records the time of writing). NUL characters, which a text column
 * cannot hold, become U+FFFD.
 *
 * @internal
 */
export interface AuditColumns {
  readonly time: string | null;
  readonly type: string;
  readonly capability: string | null;
  readonly tenantId: string | null;
  readonly principalId: string | null;
  readonly actionId: string | null;
  readonly outcome: string | null;
  readonly phase: string | null;
}

/**
 * The columns of `event` (an audit event, or the parse of its JSON: both have the same fields). The same function
 * fills them when the sink writes and checks them when the log is verified, so an edited column is caught.
 *
 * @internal
 */
export function auditColumns(event: unknown): AuditColumns {
  const fields = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const time = typeof fields['time'] === 'string' ? Date.parse(fields['time']) : NaN;
  return {
    time: Number.isNaN(time) ? null : new Date(time).toISOString(),
    type: column(fields['type']) ?? 'unknown',
    capability: column(fields['capability']),
    tenantId: column(fields['tenantId']),
    principalId: column(fields['principalId']),
    actionId: column(fields['actionId']),
    outcome: column(fields['outcome']),
    phase: column(fields['phase']),
  };
}

/** `value` as an indexed column: a string, bounded, without NUL characters; `null` otherwise. */
export function column(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const bounded = value.length > MAX_COLUMN_LENGTH ? value.slice(0, MAX_COLUMN_LENGTH) : value;
  return bounded.includes('\u0000') ? bounded.replaceAll('\u0000', '\ufffd') : bounded;
}

/** JSON escapes that `jsonb` refuses (`\u0000`, a lone surrogate): the `event` copy gets U+FFFD in their place. */
const JSONB_REFUSES = /\\u(0000|[dD][89abAB][0-9a-fA-F]{2}|[dD][c-fC-F][0-9a-fA-F]{2})/g;

/**
 * The text to cast to the `event` jsonb column, when it differs from the record's JSON: `null` when the JSON casts
 * as it is (nearly always). A surrogate pair escaped in the JSON (which canonical JSON never writes) loses its
 * character in the jsonb copy only; the hashed `event_json` keeps every byte.
 *
 * @internal
 */
export function jsonbText(json: string): string | null {
  if (!json.includes('\\u')) return null;
  JSONB_REFUSES.lastIndex = 0;
  if (!JSONB_REFUSES.test(json)) return null;
  return json.replace(JSONB_REFUSES, '\\ufffd');
}
