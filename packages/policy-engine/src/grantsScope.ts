import { BraneError, describeValue } from '@brane/errors';

const SCOPE_PATTERN = /^(?:\*|[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)*(?::\*)?)$/;

/**
 * Whether `scope` is well formed: colon-separated segments of letters, digits, `_`, `.` or `-`, optionally
 * ending in `:*`; or `*` alone.
 */
export function isValidScope(scope: unknown): scope is string {
  return typeof scope === 'string' && SCOPE_PATTERN.test(scope);
}

/**
 * Whether the granted scopes include `required`. A grant ending in `:*` covers everything below it
 * (`refunds:*` grants `refunds:create` and `refunds:create:partial`, not `refundsx:create`); `*` grants all.
 *
 * @example
 * grantsScope(['refunds:*'], 'refunds:create') // true
 */
export function grantsScope(granted: readonly string[], required: string): boolean {
  if (!Array.isArray(granted)) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `grantsScope: the granted scopes must be an array (got ${describeValue(granted)})`,
    );
  }
  if (typeof required !== 'string') {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `grantsScope: the required scope must be a string (got ${describeValue(required)})`,
    );
  }
  const grants: readonly unknown[] = granted;
  for (const scope of grants) {
    if (typeof scope !== 'string') continue; // a malformed grant grants nothing
    if (scope === required || scope === '*') return true;
    if (scope.endsWith(':*') && required.startsWith(scope.slice(0, -1))) return true;
  }
  return false;
}
