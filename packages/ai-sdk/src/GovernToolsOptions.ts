import type { AuthorizeApprover } from '@brane/approvals';
import type { CapabilityOptions } from '@brane/core';
import { isPlainObject } from '@brane/decisions';
import { ConfigurationError, describeValue } from '@brane/errors';
import type { ToolSet } from 'ai';
import type { BraneToolDenialInfo } from './BraneToolDenial.js';
import type { DescribeDenial } from './denialOf.js';
import { defaultToolSessionId, type ToolSessionSource } from './toolSessionId.js';

/**
 * A tool's capability options: those of `runtime.capability`, but for `params` and `async` (a tool takes one
 * input object and is always async) and `routing` (tools are not models).
 */
export type ToolCapabilityOptions = Omit<CapabilityOptions, 'params' | 'async' | 'routing'>;

/** An SDK tool call a user approved through the SDK's flow (a `tool-approval-response` with `approved: true`). */
export interface ToolApprovalGrant {
  readonly toolName: string;
  readonly toolCallId: string;
  readonly input: unknown;
  /** The SDK's approval id. */
  readonly approvalId: string;
  /** The reason given with the response, if any; recorded as the Brane approval's comment. */
  readonly reason: string | undefined;
  /** The `experimental_context` of the generation. */
  readonly context: unknown;
}

/** Options of {@link governTools}. All optional. */
export interface GovernToolsOptions<TOOLS extends ToolSet = ToolSet> {
  /**
   * Capability names are `<prefix>.<toolName>`. Default `ai` (`ai.refund`); `''` names them by the tool name
   * alone. A tool's own `capabilities[tool].name` wins.
   */
  readonly prefix?: string | undefined;
  /** Per tool: its capability options (risk, effect, scopes, sensitive fields, ...). Default: `type: 'tool'`. */
  readonly capabilities?: { readonly [NAME in keyof TOOLS & string]?: ToolCapabilityOptions } | undefined;
  /**
   * Who approves, when a user approves a tool call through the SDK's flow: maps the approved call (read your
   * signed-in user from `grant.context`, the generation's `experimental_context`) to an approver identity your
   * app vouches for, `{ id, groups }`, or `undefined` to refuse. Brane then enforces the request's
   * `approverGroups` and `distinctApprover` against it, and records it as authenticated. Without it, the SDK's
   * response approves the request under the typed name `approver`, and no group is checked.
   */
  readonly authorizeApprover?: AuthorizeApprover<ToolApprovalGrant> | undefined;
  /**
   * Without `authorizeApprover`: the name recorded in Brane as the approver of an SDK approval, as a typed,
   * unauthenticated name (no group is checked): a name, or a function of the approved call. Default `'ai-sdk'`.
   */
  readonly approver?: string | ((grant: ToolApprovalGrant) => string | PromiseLike<string>) | undefined;
  /** Writes the message the model sees when Brane refuses a call. Default: {@link defaultDenialMessage}. */
  readonly describeDenial?: ((denial: BraneToolDenialInfo) => string) | undefined;
  /**
   * The Brane session (`ctx.session`, value taint) a tool call belongs to, or `undefined` for none. Default
   * {@link defaultToolSessionId}: `experimental_context.sessionId`. An enclosing `runtime.withContext` naming a
   * `sessionId` wins over both.
   */
  readonly sessionId?: ((source: ToolSessionSource) => string | undefined) | undefined;
}

/** {@link GovernToolsOptions}, checked, with defaults. */
export interface ParsedGovernToolsOptions {
  readonly prefix: string;
  readonly capabilities: ReadonlyMap<string, ToolCapabilityOptions>;
  readonly approver: (grant: ToolApprovalGrant) => string | PromiseLike<string>;
  readonly authorizeApprover: AuthorizeApprover<ToolApprovalGrant> | undefined;
  readonly describeDenial: DescribeDenial;
  readonly sessionId: (source: ToolSessionSource) => string | undefined;
}

const KEYS: ReadonlySet<string> = new Set([
  'prefix',
  'capabilities',
  'approver',
  'authorizeApprover',
  'describeDenial',
  'sessionId',
]);
const RESERVED = ['params', 'async', 'routing'] as const;
const WHERE = 'governTools';

/**
 * Checks {@link GovernToolsOptions} against the tools they are for: unknown options, and capability
 * options for a tool the set does not have (a typo would leave the tool at its defaults), are a
 * `ConfigurationError` (`INVALID_OPTIONS`). The capability options themselves are checked by the runtime.
 */
export function parseGovernToolsOptions(options: unknown, toolNames: readonly string[]): ParsedGovernToolsOptions {
  if (options === undefined) options = {};
  if (!isPlainObject(options)) fail(`options must be an object (got ${describeValue(options)})`);
  const unknown = Object.keys(options).filter((key) => !KEYS.has(key));
  if (unknown.length > 0) fail(`unknown option(s) ${unknown.map((key) => `\`${key}\``).join(', ')}`);
  const {
    prefix = 'ai',
    capabilities = {},
    approver = 'ai-sdk',
    authorizeApprover,
    describeDenial,
    sessionId = defaultToolSessionId,
  } = options as GovernToolsOptions;
  if (typeof prefix !== 'string' || /\s/.test(prefix)) {
    fail(`\`prefix\` must be a string without spaces (got ${describeValue(prefix)})`);
  }
  if (!isPlainObject(capabilities)) {
    fail(`\`capabilities\` must be an object of capability options by tool name (got ${describeValue(capabilities)})`);
  }
  const parsed = new Map<string, ToolCapabilityOptions>();
  for (const [tool, value] of Object.entries(capabilities)) {
    if (!toolNames.includes(tool)) {
      fail(`\`capabilities\` names \`${tool}\`, which is not one of the tools (${toolNames.join(', ') || 'none'})`);
    }
    if (!isPlainObject(value)) fail(`\`capabilities.${tool}\` must be an object (got ${describeValue(value)})`);
    const reserved = RESERVED.filter((key) => key in value);
    if (reserved.length > 0) {
      fail(
        `\`capabilities.${tool}\` may not set ${reserved.join(', ')}: a tool takes one input object, is async, and is not a model`,
      );
    }
    parsed.set(tool, value);
  }
  if (typeof approver === 'string' ? approver === '' : typeof approver !== 'function') {
    fail(`\`approver\` must be a non-empty string or a function (got ${describeValue(approver)})`);
  }
  if (authorizeApprover !== undefined && typeof authorizeApprover !== 'function') {
    fail(`\`authorizeApprover\` must be a function (got ${describeValue(authorizeApprover)})`);
  }
  if (authorizeApprover !== undefined && 'approver' in options) {
    fail('give `authorizeApprover` (an approver your app vouches for) or `approver` (a typed name), not both');
  }
  if (describeDenial !== undefined && typeof describeDenial !== 'function') {
    fail(`\`describeDenial\` must be a function (got ${describeValue(describeDenial)})`);
  }
  if (typeof sessionId !== 'function') {
    fail(`\`sessionId\` must be a function of the tool call (got ${describeValue(sessionId)})`);
  }
  return {
    sessionId,
    prefix,
    capabilities: parsed,
    approver: typeof approver === 'string' ? () => approver : approver,
    authorizeApprover,
    describeDenial: describeDenial ?? (() => ''),
  };
}

function fail(message: string): never {
  throw new ConfigurationError('INVALID_OPTIONS', `${WHERE}: ${message}`);
}
