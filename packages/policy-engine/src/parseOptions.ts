import { ConfigurationError, describeValue } from '@brane/errors';
import type { z } from 'zod';

/**
 * Validates options against a zod schema and returns the parsed value. On failure it throws a
 * `ConfigurationError` (`INVALID_OPTIONS`) that names where the options were given and every problem found,
 * e.g. ``@BeforeCapability on `RefundPolicies.limit`: `priority` expected number, received NaN``.
 */
export function parseOptions<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const prefix = path === '' ? '' : `\`${path}\`: `;
      return `${prefix}unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `\`${k}\``).join(', ')}`;
    }
    const message = issue.message.replace(/^Invalid (input|option): /, '');
    // Type errors already say what was received; for the others, name the value.
    const got = issue.code === 'invalid_type' || !('input' in issue) ? '' : ` (got ${describeValue(issue.input)})`;
    return path === '' ? `${message}${got}` : `\`${path}\` ${message}${got}`;
  });
  throw new ConfigurationError('INVALID_OPTIONS', `${where}: ${problems.join('; ')}`, {
    details: { where, problems },
  });
}
