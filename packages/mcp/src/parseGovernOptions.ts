import type { Runtime } from '@brane/core';
import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import { ToolRules } from './ToolRules.js';

/** The validated options of `governMcpServer` and `governMcpClient`. */
export interface GovernOptions {
  readonly runtime: Runtime;
  /** The middle segment of the capability names, `mcp.<server>.<tool>`. */
  readonly server: string;
  readonly rules: ToolRules;
}

/**
 * Validates what `governMcpServer` or `governMcpClient` was called with: a Brane runtime, and options with a
 * `server` name (letters, digits, `_` and `-`, so `mcp.<server>.<tool>` reads one way), `tools` rules, and
 * no key outside `keys`.
 */
export function parseGovernOptions(
  runtime: unknown,
  options: unknown,
  where: string,
  keys: readonly string[],
): GovernOptions {
  if (!isRuntime(runtime)) {
    throw new BraneError('INVALID_ARGUMENT', `${where}: expected a Brane \`Runtime\` (got ${describeValue(runtime)})`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new BraneError(
      'INVALID_ARGUMENT',
      `${where}: expected options with a \`server\` name, such as \`{ server: 'files' }\` (got ${describeValue(options)})`,
    );
  }
  const unknown = Object.keys(options).filter((key) => !keys.includes(key));
  if (unknown.length > 0) {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${where}: unknown option${unknown.length > 1 ? 's' : ''} \`${unknown.join('`, `')}\` (known: \`${keys.join('`, `')}\`)`,
    );
  }
  const { server, tools } = options as { server?: unknown; tools?: unknown };
  if (typeof server !== 'string' || !/^[\w-]+$/.test(server)) {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${where}: \`server\` must be a name of letters, digits, \`_\` and \`-\`, used in capability names \`mcp.<server>.<tool>\` (got ${describeValue(server)})`,
    );
  }
  return { runtime, server, rules: new ToolRules(tools, where) };
}

function isRuntime(value: unknown): value is Runtime {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<'capability' | 'withContext', unknown>>;
  return typeof candidate.capability === 'function' && typeof candidate.withContext === 'function';
}
