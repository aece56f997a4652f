import { currentAction, defineCapability, refuseTooDeep, type CapabilityOptions, type Runtime } from '@brane/core';
import { ConfigurationError } from '@brane/errors';
import type { ToolExecutionOptions } from 'ai';
import { canonicalJson } from '@brane/approvals';
import { finalOutput, isAsyncIterable } from './finalOutput.js';
import { ToolCallLinks } from './ToolCallLinks.js';
import { ProbeReachedTool, toolCallScope, type ToolExecute } from './toolCallScope.js';

/**
 * One governed call of a tool's capability, with the tool call's input as its one object argument: a
 * promise of its output, or for a streaming tool a governed stream of its preliminary results.
 */
export type GovernedCall = (
  input: Record<string, unknown>,
) => Promise<unknown> | AsyncGenerator<unknown, void, undefined>;

interface Registration {
  readonly call: GovernedCall;
  /** The options it was registered with, as canonical JSON (without the description). */
  readonly signature: string;
  /** The `execute` of the tool governed last under this name: what `runtime.resume` runs outside the SDK. */
  latest: ToolExecute;
  /** The input keys of the tool governed last under this name, for a call outside any SDK tool call. */
  latestKeys: readonly string[] | undefined;
}

const governors = new WeakMap<Runtime, ToolGovernor>();

/**
 * What `@brane/ai-sdk` keeps per runtime: one governed capability per name (registered once, so that tools
 * may be governed again per request), and the links from SDK tool calls to the Brane approval requests
 * recorded for them.
 */
export class ToolGovernor {
  readonly runtime: Runtime;
  /** The links from SDK tool calls to their Brane approval requests. */
  readonly links = new ToolCallLinks();
  readonly #registrations = new Map<string, Registration>();

  private constructor(runtime: Runtime) {
    this.runtime = runtime;
  }

  /** The governor of `runtime`, made on first use. */
  static of(runtime: Runtime): ToolGovernor {
    let governor = governors.get(runtime);
    if (governor === undefined) governors.set(runtime, (governor = new ToolGovernor(runtime)));
    return governor;
  }

  /** The governor of `runtime`, if any tools were governed on it. */
  static existing(runtime: Runtime): ToolGovernor | undefined {
    return governors.get(runtime);
  }

  /**
   * Checks that a tool capability can be registered with `options`, without registering it: valid options
   * (a `ConfigurationError` otherwise), and a name that is free, or ours with the same options.
   */
  check(options: CapabilityOptions & { readonly name: string }, tool: string): void {
    defineCapability(options, undefined, `governTools(${tool})`);
    const existing = this.#registrations.get(options.name);
    if (existing === undefined && this.runtime.capabilities.some((known) => known.name === options.name)) {
      throw new ConfigurationError(
        'DUPLICATE_CAPABILITY',
        `governTools: tool \`${tool}\` would be capability \`${options.name}\`, which this runtime already governs; give it another name with \`prefix\` or \`capabilities.${tool}.name\``,
        { details: { name: options.name } },
      );
    }
    if (existing !== undefined && existing.signature !== signatureOf(options)) {
      throw new ConfigurationError(
        'DUPLICATE_CAPABILITY',
        `governTools: the tool capability \`${options.name}\` is already governed on this runtime with other options (${existing.signature}, now ${signatureOf(options)}); govern it with the same options, or give it another name`,
        { details: { name: options.name } },
      );
    }
  }

  /**
   * The governed call of capability `options.name` ({@link check}ed first), registering it on first use.
   * Governing a tool of the same name again reuses it, and makes its `execute` the one `runtime.resume` runs
   * outside the SDK.
   */
  capability(
    options: CapabilityOptions & { readonly name: string },
    execute: ToolExecute,
    keys: Promise<readonly string[] | undefined>,
  ): GovernedCall {
    const existing = this.#registrations.get(options.name);
    if (existing !== undefined) {
      existing.latest = execute;
      followKeys(existing, execute, keys);
      return existing.call;
    }
    const name = options.name;
    // The keys of the tool call in scope (its own tool's schema), else of the tool governed last.
    const inputKeys = (): readonly string[] | undefined => {
      const scope = toolCallScope.getStore();
      return scope?.capability === name ? scope.keys : registration.latestKeys;
    };
    const call: GovernedCall =
      options.stream === true
        ? this.runtime.capability(
            { ...options, keys: options.keys ?? inputKeys, stream: true },
            ({ ...input }: Record<string, unknown>) => streamTool(name, input, registration),
          )
        : this.runtime.capability(
            { ...options, keys: options.keys ?? inputKeys, async: true },
            async ({ ...input }: Record<string, unknown>): Promise<unknown> => runTool(name, input, registration),
          );
    // Until the schema is read, no transform may name a key (fail closed).
    const registration: Registration = { call, signature: signatureOf(options), latest: execute, latestKeys: [] };
    followKeys(registration, execute, keys);
    this.#registrations.set(name, registration);
    return call;
  }
}

/**
 * The body of a tool capability: runs the `execute` of the SDK call in scope (or, for `runtime.resume`
 * outside the SDK, the latest tool's) on exactly the input the policies saw, with the action's sandbox
 * signal joined to the SDK's abort signal. An output nested past `MAX_ARGUMENT_DEPTH` is refused
 * (`INVALID_ARGUMENT`) before the after-policies, and before the SDK serializes it for the model.
 */
async function runTool(name: string, input: Record<string, unknown>, registration: Registration): Promise<unknown> {
  const output = await finalOutput(startTool(name, input, registration));
  refuseTooDeep(output, name, 'output');
  return output;
}

/**
 * The body of a streaming tool capability: the preliminary results of the tool's `execute`, each governed
 * by Brane as a chunk before the SDK sees it (and each refused when nested past `MAX_ARGUMENT_DEPTH`).
 */
function streamTool(name: string, input: Record<string, unknown>, registration: Registration): AsyncIterable<unknown> {
  return shallowChunks(name, startTool(name, input, registration));
}

/** The chunks of a tool's `result` (one, for a tool declared streaming that returned one value), each measured. */
async function* shallowChunks(name: string, result: unknown): AsyncGenerator<unknown, void, undefined> {
  const chunks = isAsyncIterable(result) ? result : [await result];
  for await (const chunk of chunks) {
    refuseTooDeep(chunk, name, 'chunk');
    yield chunk;
  }
}

/** Calls the tool's `execute` for the SDK call in scope (or the latest tool's), with the action's signal. */
function startTool(name: string, input: Record<string, unknown>, registration: Registration): unknown {
  const scope = toolCallScope.getStore();
  const own = scope?.capability === name ? scope : undefined;
  if (own?.probe === true) throw new ProbeReachedTool(name);
  const action = currentAction();
  const options: ToolExecutionOptions = own?.options ?? { toolCallId: action?.actionId ?? name, messages: [] };
  const execute = own?.execute ?? registration.latest;
  return execute(input, withSignal(options, action?.signal));
}

function withSignal(options: ToolExecutionOptions, signal: AbortSignal | undefined): ToolExecutionOptions {
  if (signal === undefined) return options;
  const sdk = options.abortSignal;
  return { ...options, abortSignal: sdk === undefined ? signal : AbortSignal.any([sdk, signal]) };
}

/** Makes `keys` the registration's latest keys once read, unless another tool was governed meanwhile. */
function followKeys(
  registration: Registration,
  execute: ToolExecute,
  keys: Promise<readonly string[] | undefined>,
): void {
  void keys.then((read) => {
    if (registration.latest === execute) registration.latestKeys = read;
  });
}

/** The options a tool capability is registered with, as canonical JSON; the description may change. */
function signatureOf(options: CapabilityOptions): string {
  return canonicalJson({ ...options, description: undefined, keys: undefined });
}
