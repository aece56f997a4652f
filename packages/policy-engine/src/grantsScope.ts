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
  for (const scope of granted) {
    if (scope === required || scope === '*') return true;
    if (scope.endsWith(':*') && required.startsWith(scope.slice(0, -1))) return true;
  }
  return false;
}
