import { currentAction, refuseTooDeep, type ContextOverrides, type Runtime } from '@brane/core';
import { BraneError } from '@brane/errors';
import type { RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { handlerExtra, type ToolExtra } from './handlerExtra.js';
import { inputKeys } from './inputKeys.js';
import type { GovernOptions } from './parseGovernOptions.js';
import { refuseStreamingHandler } from './refuseStreamingHandler.js';
import { ToolCallScope } from './ToolCallScope.js';
import { requestOverrides, type McpRequestContext } from './requestOverrides.js';
import { toolErrorResult } from './toolErrorResult.js';
import { declareToolCapabilities } from './declareToolCapabilities.js';
import type { ToolRules } from './ToolRules.js';
import { syncTextMirrors } from './syncTextMirrors.js';

/** A tool handler as the SDK calls it: `(args, extra)`, or `(extra)` for a tool without an input schema. */
export type ToolHandler = (...params: unknown[]) => unknown;

/**
 * The governed tools of one MCP server: one capability `mcp.<server>.<tool>` per tool name, whose body
 * calls the tool's current callback. The SDK holds the governed handler; the callback lives here, so that
 * `update({ callback })`, and registering a removed tool again, stay governed.
 */
export class GovernedServerTools {
  readonly #runtime: Runtime;
  readonly #server: string;
  readonly #rules: ToolRules;
  readonly #context: McpRequestContext | undefined;
  readonly #scope = new ToolCallScope<ToolExtra>();
  readonly #handlers = new Map<string, ToolHandler>();
  readonly #tools = new Map<string, { readonly callback: ToolHandler; readonly registered: RegisteredTool }>();

  constructor(options: GovernOptions, context: McpRequestContext | undefined) {
    this.#runtime = options.runtime;
    this.#server = options.server;
    this.#rules = options.rules;
    this.#context = context;
    declareToolCapabilities(options);
  }

  /** Whether tool `name` is governed: no rule leaves it ungoverned (`false`). */
  governs(name: string): boolean {
    return this.#rules.match(name) !== false;
  }

  /** The handler to register for tool `name`: each call is governed as capability `mcp.<server>.<name>`. */
  handlerFor(name: string): ToolHandler {
    const known = this.#handlers.get(name);
    if (known !== undefined) return known;
    const rule = this.#rules.match(name);
    const tools = this.#tools;
    const scope = this.#scope;
    const capability = `mcp.${this.#server}.${name}`;
    const body = async (tool: string, input: Record<string, unknown>): Promise<unknown> => {
      const entry = tools.get(tool);
      if (entry === undefined) throw new Error(`MCP tool \`${tool}\` is no longer registered on this server`);
      const extra = handlerExtra(scope.request, currentAction());
      const result: unknown = await (entry.registered.inputSchema === undefined
        ? entry.callback(extra)
        : entry.callback(input, extra));
      // Before the after-policies, and before a transport serializes it (its `JSON.stringify` would overflow).
      refuseTooDeep(result, capability, 'output');
      return result;
    };
    const governed = this.#runtime.capability(
      {
        ...(rule === false ? {} : rule.options),
        name: capability,
        type: 'mcp',
        async: true,
        // What the tool's input schema declares now: a transform naming another key is a deny.
        keys: () => inputKeys(tools.get(name)?.registered),
        // The text copy of structured content follows the policies on every path (a call, `runtime.resume`).
        finishOutput: syncTextMirrors,
      },
      async ({ ...input }: Record<string, unknown>) => body(name, input),
    );
    const handler: ToolHandler = (...params) => {
      const [args, extra] = (params.length > 1 ? params : [{}, params[0]]) as [Record<string, unknown>, ToolExtra];
      const run = () => scope.call(extra, () => governed(args));
      // The request's signal aborts when the client cancels it or goes away: a call waiting for an approval then
      // withdraws its request instead of running it later for nobody. (Inside the `context` frame, so that the
      // two combine, and the overrides are passed on exactly as `context` made them.)
      const signal = extra?.signal;
      const inRequest = signal instanceof AbortSignal ? () => this.#runtime.withContext({ signal }, run) : run;
      let overrides: ContextOverrides | undefined;
      try {
        overrides = withMcpSession(requestOverrides(this.#context, extra), extra?.sessionId);
      } catch (error) {
        return toolErrorResult(error); // a Brane refusal as a result; `context`'s own errors go to the SDK
      }
      return overrides === undefined ? inRequest() : this.#runtime.withContext(overrides, inRequest);
    };
    this.#handlers.set(name, handler);
    return handler;
  }

  /**
   * Makes `callback` the body of tool `name`, just registered as `registered`, and wraps `registered.update`:
   * a new callback of a governed tool is governed too, removing the tool forgets its callback, and renaming
   * is refused (policies target the name: remove the tool and register it under the new name instead).
   */
  attach(name: string, callback: ToolHandler | undefined, registered: RegisteredTool): void {
    const governed = callback !== undefined;
    if (governed) this.#tools.set(name, { callback, registered });
    const update = registered.update.bind(registered);
    registered.update = (updates) => {
      if (typeof updates.name === 'string' && updates.name !== name) {
        throw new BraneError(
          'INVALID_ARGUMENT',
          `governMcpServer: tool \`${name}\` cannot be renamed on a governed server; remove it and register it as \`${updates.name}\``,
        );
      }
      if (updates.name === null) {
        this.#tools.delete(name);
        update(updates);
      } else if (governed && updates.callback !== undefined) {
        const next = updates.callback as ToolHandler;
        refuseStreamingHandler(name, next);
        update({ ...updates, callback: this.handlerFor(name) as typeof updates.callback });
        this.#tools.set(name, { callback: next, registered });
      } else {
        update(updates);
      }
    };
  }
}

/**
 * The overrides a call runs with: `context`'s, in the MCP session of the request (`extra.sessionId`, set by the
 * Streamable HTTP transport) unless `context` names a `sessionId` itself (even `undefined`, which runs outside
 * any session).
 */
function withMcpSession(
  overrides: ContextOverrides | undefined,
  sessionId: string | undefined,
): ContextOverrides | undefined {
  if (sessionId === undefined || (overrides !== undefined && Object.hasOwn(overrides, 'sessionId'))) return overrides;
  return { ...overrides, sessionId };
}
