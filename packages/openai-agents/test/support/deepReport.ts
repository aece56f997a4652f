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
 * model's JSON text. With `approved`, every call waits for an approval: `needsApproval` records the Brane request
 * and links it to the call, an approver approves it in Brane, and the SDK's `invoke` of the same call runs it on that
 * approval (`runtime.resume`). A refusal is the tool's output for the model (here `refused:<code>`).
 */
export async function deepReport(given: DeepValueCase, approved = false): Promise<DeepOutcome> {
  const runtime = deepRuntime('openai.report', given.mode, 'email', approved);
  const report = governedTool(runtime, {
    name: 'report',
    description: 'Reports',
    parameters: { type: 'object', properties: { data: {} }, required: ['data'], additionalProperties: false },
    strict: false,
    refusalMessage: (error) => `refused:${error.code}`,
    execute: () => ({ email: DEEP_SECRET, data: given.output.value }),
  });
  const json = `{"data":${given.input.json}}`;
  const details = { toolCall: { type: 'function_call', callId: 'call_1', name: 'report', arguments: json } };
  try {
    const context = new RunContext();
    if (await report.needsApproval(context, { data: given.input.value }, 'call_1')) {
      if (!approved) return { kind: 'crash', error: 'no policy asks for approval' };
      const [pending] = await runtime.approvals.list({ state: 'pending' });
      if (pending === undefined) return { kind: 'crash', error: 'no pending approval' };
      await runtime.approvals.approve(pending.id, { approver: 'ops-lead' });
    }
    const result: unknown = await (approved
      ? report.invoke(context, json, details as never)
      : report.invoke(context, json));
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
