import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { RunContext, tool, type FunctionTool } from '@openai/agents';
import { governTools, governedTool } from '../../src/index.js';

/** What one call of a probe tool showed: the arguments the policies read by name, and what `execute` got. */
export interface ProbeCall {
  readonly output: unknown;
  /** `ctx.arg(name)` for each property of the schema, in order. */
  readonly policySaw: readonly unknown[];
  /** The input `execute` received, or `undefined` when it did not run. */
  readonly executed: object | undefined;
}

/**
 * A governed function tool over a closed JSON schema of optional string `properties`, made by `governedTool` or
 * by `governTools`, whose policy allows every call and records what it read: for the property tests of the
 * arguments a model sends. `call` invokes the tool as the SDK's runner does, with the model's JSON text.
 */
export function argumentProbe(how: 'governedTool' | 'governTools', properties: readonly string[]) {
  const runtime = new Runtime({ agentId: 'probe' });
  let policySaw: unknown[] = [];
  runtime.beforeCapability('openai.probe', { name: 'observer' }, (ctx) => {
    policySaw = properties.map((name) => ctx.arg(name));
    return Decision.allow();
  });
  let executed: object | undefined;
  const execute = (input: unknown) => {
    executed = input as object;
    return 'ran';
  };
  const parameters = {
    type: 'object' as const,
    properties: Object.fromEntries(properties.map((name) => [name, { type: 'string' }])),
    required: [],
    additionalProperties: false as const,
  };
  const options = { name: 'probe', description: 'Records its input', parameters, strict: false as const };
  const governed = (how === 'governedTool'
    ? governedTool(runtime, { ...options, execute })
    : governTools(runtime, [tool({ ...options, execute } as never)])[0]!) as unknown as FunctionTool;
  return {
    async call(args: Readonly<Record<string, string>>): Promise<ProbeCall> {
      policySaw = [];
      executed = undefined;
      const output = await governed.invoke(new RunContext(), JSON.stringify(args));
      return { output, policySaw, executed };
    },
  };
}
