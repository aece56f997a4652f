import type { Tool } from 'ai';
import { isBraneToolDenial } from './BraneToolDenial.js';

/** What a tool's `toModelOutput` returns: the tool result as the model sees it. */
export type ToolModelOutput = Awaited<ReturnType<NonNullable<Tool['toModelOutput']>>>;

/** What the SDK passes to `toModelOutput`. */
export interface ModelOutputOptions {
  readonly toolCallId: string;
  readonly input: unknown;
  readonly output: unknown;
}

/**
 * The `toModelOutput` of a governed tool: a `BraneToolDenial` is shown to the model as its message (an
 * `error-text` output: the call did not succeed); any other output goes to the tool's own `toModelOutput`,
 * or, without one, is sent as the SDK sends it by default (a string as text, anything else as JSON).
 */
export function modelOutputFor(original: Tool) {
  return async (options: ModelOutputOptions): Promise<ToolModelOutput> => {
    const { output } = options;
    if (isBraneToolDenial(output)) return { type: 'error-text', value: output.message };
    if (original.toModelOutput !== undefined) return await original.toModelOutput(options);
    return typeof output === 'string'
      ? { type: 'text', value: output }
      : { type: 'json', value: (output ?? null) as Extract<ToolModelOutput, { type: 'json' }>['value'] };
  };
}
