import { jsonSchema, tool, type ToolExecutionOptions } from 'ai';
import { governTools } from '../../src/index.js';
import {
  DEEP_SECRET,
  deepRuntime,
  thrownOutcome,
  type DeepOutcome,
  type DeepValueCase,
} from '../../../../test/reliability/fixtures/DeepValueCase.js';

/**
 * Calls the tool of `given` as the AI SDK does: `needsApproval`, then `execute`, then `toModelOutput` on its
 * result, serialized as the SDK sends it to the model. A refusal is the `BraneToolDenial` the tool returns, or
 * Brane's error.
 */
export async function deepReport(given: DeepValueCase): Promise<DeepOutcome> {
  const runtime = deepRuntime('ai.report', given.mode);
  const { report } = governTools(runtime, {
    report: tool({
      description: 'Reports',
      inputSchema: jsonSchema<{ data: unknown }>({ type: 'object', properties: { data: {} } }),
      execute: async () => ({ email: DEEP_SECRET, data: given.output.value }),
    }),
  });
  const options: ToolExecutionOptions = { toolCallId: 'call_1', messages: [] };
  const input = { data: given.input.value };
  try {
    const needsApproval = report.needsApproval as (input: unknown, options: unknown) => Promise<boolean>;
    if (await needsApproval(input, options)) return { kind: 'crash', error: 'no policy asks for approval' };
    const output = (await report.execute!(input, options)) as { email: string; data: unknown };
    const denial = output as unknown as { type?: unknown; outcome?: unknown };
    if (denial.type === 'brane-denial') {
      return { kind: 'refused', code: denial.outcome === 'denied' ? 'CAPABILITY_DENIED' : String(denial.outcome) };
    }
    const { value } = (await report.toModelOutput!({ toolCallId: 'call_1', input, output })) as { value: unknown };
    JSON.stringify(value); // as the SDK sends it to the model
    return { kind: 'result', output: value };
  } catch (error) {
    return thrownOutcome(error);
  }
}
