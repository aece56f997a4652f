import { RunContext, setTracingDisabled } from '@openai/agents';
import { governedTool } from '../../src/index.js';
import {
  DEEP_SECRET,
  deepRuntime,
  thrownOutcome,
  type DeepOutcome,
  type DeepValueCase,
} from '../../../../test/reliability/fixtures/DeepValueCase.js';

// No OpenAI key, no network: nothing is exported.
setTracingDisabled(true);

/**
 * Calls the tool of `given` as the Agents SDK does: `needsApproval` on the parsed arguments, then `invoke` on the
 * model's JSON text. A refusal is the tool's output for the model (here `refused:<code>`).
 */
export async function deepReport(given: DeepValueCase): Promise<DeepOutcome> {
  const runtime = deepRuntime('openai.report', given.mode);
  const report = governedTool(runtime, {
    name: 'report',
    description: 'Reports',
    parameters: { type: 'object', properties: { data: {} }, required: ['data'], additionalProperties: false },
    strict: false,
    refusalMessage: (error) => `refused:${error.code}`,
    execute: () => ({ email: DEEP_SECRET, data: given.output.value }),
  });
  try {
    const context = new RunContext();
    if (await report.needsApproval(context, { data: given.input.value }, 'call_1')) {
      return { kind: 'crash', error: 'no policy asks for approval' };
    }
    const result: unknown = await report.invoke(context, `{"data":${given.input.json}}`);
    if (typeof result !== 'string') {
      JSON.stringify(result); // as the SDK sends it to the model
      return { kind: 'result', output: result };
    }
    return result.startsWith('refused:')
      ? { kind: 'refused', code: result.slice('refused:'.length) }
      : { kind: 'crash', error: result };
  } catch (error) {
    return thrownOutcome(error);
  }
}
