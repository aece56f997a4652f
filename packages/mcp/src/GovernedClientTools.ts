import { capabilityOf, currentAction, refuseTooDeep, type CapabilityDefinition, type Runtime } from '@brane/core';
import { BraneError, describeValue } from '@brane/errors';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { RequestOptions } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolRequest } from '@modelcontextprotocol/sdk/types.js';
import type { GovernOptions } from './parseGovernOptions.js';
import { ToolCallScope } from './ToolCallScope.js';
import type { ToolRules } from './ToolRules.js';
import { declareToolCapabilities } from './declareToolCapabilities.js';
import { syncTextMirrors } from './syncTextMirrors.js';

/** What `listTools` adds to each tool in `_meta.brane`: whether its calls are governed, and how. */
export interface GovernedToolMeta {
  readonly governed: boolean;
  /** The capability its calls are governed as, `mcp.<server>.<tool>`. */
  readonly capability?: string;
  readonly risk?: CapabilityDefinition['risk'];
  readonly effect?: CapabilityDefinition['effect'];
  /** The `tools` key that gave its metadata; none for the defaults. */
  readonly pattern?: string;
}

type CallTool = Client['callTool'];
type Governed = (input: Record<string, unknown>) => Promise<unknown>;

interface ClientCall {
  readonly params: CallToolRequest['params'];
  readonly resultSchema: Parameters<CallTool>[1];
  readonly options: RequestOptions | undefined;
}

/**
 * The governed tools of one external MCP server, as a client sees them: one capability `mcp.<server>.<tool>`
 * per tool name, whose body sends the `tools/call` request. Nothing is sent unless the policies allow it.
 */
export class GovernedClientTools {
  readonly #runtime: Runtime;
  readonly #server: string;
  readonly #rules: ToolRules;
  readonly #callTool: CallTool;
  readonly #scope = new ToolCallScope<ClientCall>();
  readonly #capabilities = new Map<string, Governed>();

  /** @param callTool the client's own `callTool`, bound */
  constructor(options: GovernOptions, callTool: CallTool) {
    this.#runtime = options.runtime;
    this.#server = options.server;
    this.#rules = options.rules;
    this.#callTool = callTool;
    declareToolCapabilities(options);
    for (const name of this.#rules.exactNames) this.capabilityFor(name);
  }

  /** The governed capability of tool `name`, registered on first use; `undefined` for an ungoverned tool. */
  capabilityFor(name: string): Governed | undefined {
    const known = this.#capabilities.get(name);
    if (known !== undefined) return known;
    const rule = this.#rules.match(name);
    if (rule === false) return undefined;
    const scope = this.#scope;
    const callTool = this.#callTool;
    const capability = `mcp.${this.#server}.${name}`;
    const body = async (tool: string, input: Record<string, unknown>): Promise<unknown> => {
      const live = scope.request;
      const signals = [live?.options?.signal, currentAction()?.signal].filter((signal) => signal !== undefined);
      const options = signals.length === 0 ? live?.options : { ...live?.options, signal: AbortSignal.any(signals) };
      const result: unknown = await callTool(
        { ...live?.params, name: tool, arguments: input },
        live?.resultSchema,
        options,
      );
      // A third party's result, before the after-policies and before the caller hands it on (or serializes it).
      refuseTooDeep(result, capability, 'output');
      return result;
    };
    const governed = this.#runtime.capability(
      // The text copy of structured content follows the policies on every path (a call, `runtime.resume`).
      { ...rule.options, name: capability, type: 'mcp', async: true, finishOutput: syncTextMirrors },
      async ({ ...input }: Record<string, unknown>) => body(name, input),
    );
    this.#capabilities.set(name, governed);
    return governed;
  }

  /**
   * Calls a tool as `client.callTool` does, governed unless a rule leaves the tool ungoverned. Async, as
   * `callTool` is: a bad `params` rejects (with `INVALID_ARGUMENT`), never throws at the call site.
   */
  async call(
    params: CallToolRequest['params'],
    resultSchema: Parameters<CallTool>[1],
    options: RequestOptions | undefined,
  ): ReturnType<CallTool> {
    const name = (params as { name?: unknown } | undefined)?.name;
    if (typeof name !== 'string') {
      throw new BraneError(
        'INVALID_ARGUMENT',
        `callTool: expected \`{ name, arguments }\` (got a name ${describeValue(name)})`,
      );
    }
    const governed = this.capabilityFor(name);
    if (governed === undefined) return await this.#callTool(params, resultSchema, options);
    const input = params.arguments ?? {};
    return await this.#scope.call({ params, resultSchema, options }, () => governed(input));
  }

  /** How calls to tool `name` are governed, for `listTools`. */
  describe(name: string): GovernedToolMeta {
    const rule = this.#rules.match(name);
    const definition = capabilityOf(this.capabilityFor(name));
    if (rule === false || definition === undefined) return { governed: false };
    const { risk, effect } = definition;
    return {
      governed: true,
      capability: definition.name,
      risk,
      ...(effect === undefined ? {} : { effect }),
      ...(rule.pattern === undefined ? {} : { pattern: rule.pattern }),
    };
  }
}
