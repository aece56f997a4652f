import { isPlainObject } from '@brane/decisions';
import { ConfigurationError, describeValue } from '@brane/errors';
import { DEFAULT_CAPABILITY_PREFIX, type RefusalMode, type ToolCapabilityOptions } from './GovernToolOptions.js';
import { defaultThreadSessionId, type ThreadSessionId } from './threadSessionId.js';

/** Options of `governTool`, `governTools` and `governToolNode`, validated and with their defaults. */
export interface ParsedGovernOptions {
  readonly prefix: string;
  readonly refusals: RefusalMode;
  readonly sessionId: ThreadSessionId;
  /** Per tool name (`governTools`), or under `''` for the one tool of `governTool`. */
  readonly capabilities: ReadonlyMap<string, ToolCapabilityOptions>;
  /** The options not about governing (a tool node's `name`, `tags`, `handleToolErrors`). */
  readonly rest: Readonly<Record<string, unknown>>;
}

const REFUSAL_MODES: readonly RefusalMode[] = ['message', 'throw'];
const TOOL_SETTLED = ['params', 'async'];

/**
 * Validates the options of a `govern*` function: a plain object (or nothing) whose keys are `prefix`,
 * `refusals`, `capability` (`shape: 'tool'`) or `capabilities` (`shape: 'tools'`), plus `extraKeys`.
 * Anything else is a `ConfigurationError` (`INVALID_OPTIONS`) naming `where`. The capability options
 * themselves are validated by `runtime.capability`, except the two the tool settles.
 */
export function parseGovernOptions(
  options: unknown,
  shape: 'tool' | 'tools',
  where: string,
  extraKeys: readonly string[] = [],
): ParsedGovernOptions {
  if (options === undefined) options = {};
  if (!isPlainObject(options)) throw invalid(where, `expected an options object (got ${describeValue(options)})`);
  const known = ['prefix', 'refusals', 'sessionId', shape === 'tool' ? 'capability' : 'capabilities'];
  const rest: Record<string, unknown> = {};
  for (const key of Object.keys(options)) {
    if (extraKeys.includes(key)) rest[key] = options[key];
    else if (!known.includes(key))
      throw invalid(where, `unknown option \`${key}\` (known: ${[...known, ...extraKeys].join(', ')})`);
  }
  const { prefix = DEFAULT_CAPABILITY_PREFIX, refusals = 'message', sessionId = defaultThreadSessionId } = options;
  if (typeof sessionId !== 'function') {
    throw invalid(where, `\`sessionId\` expected a function of the call's config (got ${describeValue(sessionId)})`);
  }
  if (typeof prefix !== 'string' || /[\s*]/.test(prefix)) {
    throw invalid(where, `\`prefix\` expected a string without spaces or \`*\` (got ${describeValue(prefix)})`);
  }
  if (!REFUSAL_MODES.includes(refusals as RefusalMode)) {
    throw invalid(where, `\`refusals\` expected 'message' or 'throw' (got ${describeValue(refusals)})`);
  }
  const capabilities = new Map<string, ToolCapabilityOptions>();
  if (shape === 'tool') {
    if (options['capability'] !== undefined)
      capabilities.set('', capabilityOptions(options['capability'], where, 'capability'));
  } else if (options['capabilities'] !== undefined) {
    const perTool = options['capabilities'];
    if (!isPlainObject(perTool)) {
      throw invalid(where, `\`capabilities\` expected an object keyed by tool name (got ${describeValue(perTool)})`);
    }
    for (const [name, value] of Object.entries(perTool)) {
      capabilities.set(name, capabilityOptions(value, where, `capabilities.${name}`));
    }
  }
  return { prefix, refusals: refusals as RefusalMode, sessionId: sessionId as ThreadSessionId, capabilities, rest };
}

function capabilityOptions(value: unknown, where: string, label: string): ToolCapabilityOptions {
  if (!isPlainObject(value))
    throw invalid(where, `\`${label}\` expected capability options (got ${describeValue(value)})`);
  for (const key of TOOL_SETTLED) {
    if (key in value) {
      throw invalid(
        where,
        `\`${label}.${key}\` cannot be set: a tool's arguments are the keys of its input object, and it is async`,
      );
    }
  }
  return value;
}

function invalid(where: string, message: string): ConfigurationError {
  return new ConfigurationError('INVALID_OPTIONS', `${where}: ${message}`, { details: { where } });
}
