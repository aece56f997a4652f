import { defineCapability } from '@brane/core';
import { BraneError, ConfigurationError, describeValue } from '@brane/errors';
import type { McpToolOptions, McpToolRules } from './McpToolOptions.js';

/** The rule that matched a tool: its options, and the key that matched (none for the defaults). */
export interface ToolRule {
  readonly options: McpToolOptions;
  readonly pattern: string | undefined;
}

/** Options `@brane/mcp` sets itself, so a rule may not. */
const RESERVED = ['name', 'type', 'params', 'async', 'routing', 'stream'] as const;

/** Validated {@link McpToolRules}: finds the rule of a tool by exact name, then by the first matching glob. */
export class ToolRules {
  readonly #exact = new Map<string, McpToolOptions | false>();
  readonly #globs: { readonly pattern: string; readonly regex: RegExp; readonly options: McpToolOptions | false }[] =
    [];

  /** @param where the public function, for error messages */
  constructor(rules: unknown, where: string) {
    if (rules === undefined) return;
    if (!isPlainObject(rules)) {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `${where}: \`tools\` must be a plain object (got ${describeValue(rules)})`,
      );
    }
    for (const [pattern, options] of Object.entries(rules as McpToolRules)) {
      if (!/^[^\s]+$/.test(pattern)) {
        throw new ConfigurationError(
          'INVALID_OPTIONS',
          `${where}: tool pattern ${describeValue(pattern)} must be non-empty, without spaces`,
        );
      }
      if (options !== false) checkOptions(options, `${where}: tools[${JSON.stringify(pattern)}]`);
      if (pattern.includes('*')) this.#globs.push({ pattern, regex: globRegex(pattern), options });
      else this.#exact.set(pattern, options);
    }
  }

  /** The tool names that rules name exactly. */
  get exactNames(): readonly string[] {
    return [...this.#exact.keys()];
  }

  /** The rule of tool `name`, or `false` when a rule leaves it ungoverned. */
  match(name: string): ToolRule | false {
    const exact = this.#exact.get(name);
    if (exact !== undefined) return exact === false ? false : { options: exact, pattern: name };
    const glob = this.#globs.find((candidate) => candidate.regex.test(name));
    if (glob === undefined) return { options: {}, pattern: undefined };
    return glob.options === false ? false : { options: glob.options, pattern: glob.pattern };
  }
}

function checkOptions(options: unknown, where: string): void {
  if (!isPlainObject(options)) {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${where}: expected capability options or \`false\` (got ${describeValue(options)})`,
    );
  }
  const reserved = RESERVED.filter((key) => Object.hasOwn(options, key));
  if (reserved.length > 0) {
    throw new ConfigurationError(
      'INVALID_OPTIONS',
      `${where}: \`${reserved.join('`, `')}\` cannot be set for an MCP tool (the capability is \`mcp.<server>.<tool>\`, of type \`mcp\`, takes the tool's input object, and returns one result: MCP does not stream tool output)`,
    );
  }
  defineCapability({ ...options, name: 'mcp.rule', type: 'mcp' }, undefined, where); // throws on invalid options
}

function globRegex(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
