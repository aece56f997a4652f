import { ConfigurationError, describeValue } from '@brane/errors';
import type { OptionIssue, OptionSchema } from './OptionSchema.js';

/**
 * Validates options against an {@link OptionSchema} and returns what they keep. On failure it throws a
 * `ConfigurationError` (`INVALID_OPTIONS`) that names where the options were given and every problem found,
 * e.g. ``@BeforeCapability on `RefundPolicies.limit`: `priority` expected number, received NaN``.
 */
export function parseOptions<T>(schema: OptionSchema<T>, value: unknown, where: string): T {
  const issues: OptionIssue[] = [];
  const output = schema.run(value, [], issues);
  if (issues.length === 0) return output;
  const problems = issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys ?? [];
      const prefix = path === '' ? '' : `\`${path}\`: `;
      return `${prefix}unknown option${keys.length > 1 ? 's' : ''} ${keys.map((k) => `\`${k}\``).join(', ')}`;
    }
    // Type errors already say what was received; for the others, name the value.
    const got = issue.code === 'invalid_type' ? '' : ` (got ${describeValue(issue.input)})`;
    return path === '' ? `${issue.message}${got}` : `\`${path}\` ${issue.message}${got}`;
  });
  throw new ConfigurationError('INVALID_OPTIONS', `${where}: ${problems.join('; ')}`, {
    details: { where, problems },
  });
}
