import { jsonSchema, tool, type ModelMessage, type ToolExecutionOptions } from 'ai';
import { governTools, isBraneToolDenial } from '../../src/index.js';
import {
  DEEP_SECRET,
  deepRuntime,
  thrownOutcome,
  type DeepOutcome,
  type DeepValueCase,
} from '../../../../test/reliability/fixtures/DeepValueCase.js';

const schema = jsonSchema<{ data: unknown }>({ type: 'object', properties: { data: {} } });

/** A result the SDK goes on with: a denial is a refusal; anything else goes to the model, serialized. */
async function answerOf(report: { toModelOutput?: unknown }, input: unknown, output: unknown): Promise<DeepOutcome> {
  if (isBraneToolDenial(output)) {
    return { kind: 'refused', code: output.outcome === 'denied' ? 'CAPABILITY_DENIED' : output.outcome };
  }
  const toModelOutput = report.toModelOutput as (options: object) => Promise<{ value: unknown }>;
  const { value } = await toModelOutput({ toolCallId: 'call_1', input, output });
  JSON.stringify(value); // as the SDK sends it to the model
  return { kind: 'result', output: value };
}

/**
 * The tool of `given` as a streaming tool (an `async function*` execute): a progress chunk, then its output as the
 * last chunk, each governed. The SDK takes the last chunk as the tool's result; a deny ends the stream with a denial.
 */
export async function deepStream(given: DeepValueCase): Promise<DeepOutcome> {
  const runtime = deepRuntime('ai.report', given.mode);
  const { report } = governTools(runtime, {
    report: tool({
      description: 'Reports',
      inputSchema: schema,
      execute: async function* () {
        yield { progress: 'started' };
        yield { email: DEEP_SECRET, data: given.output.value };
      },
    }),
  });
  const options: ToolExecutionOptions = { toolCallId: 'call_1', messages: [] };
  const input = { data: given.input.value };
  try {
    let last: unknown;
    for await (const chunk of report.execute!(input, options) as AsyncIterable<unknown>) {
      JSON.stringify(chunk); // a preliminary result goes to the UI stream as it comes
      last = chunk;
    }
    return await answerOf(report, input, last);
  } catch (error) {
    return thrownOutcome(error);
  }
}

/**
 * The tool of `given` with every call waiting for an approval, through the SDK's flow: `needsApproval` records the
 * Brane request, the user approves in the SDK (a `tool-approval-response`), and `execute` runs the call on that
 * approval (`runtime.resume`).
 */
export async function deepResume(given: DeepValueCase): Promise<DeepOutcome> {
  const runtime = deepRuntime('ai.report', given.mode, 'email', true);
  const { report } = governTools(
    runtime,
    {
      report: tool({
        description: 'Reports',
        inputSchema: schema,
        execute: async () => ({ email: DEEP_SECRET, data: given.output.value }),
      }),
    },
    { approver: 'ops-lead' },
  );
  const input = { data: given.input.value };
  try {
    const needsApproval = report.needsApproval as (input: unknown, options: unknown) => Promise<boolean>;
    if (!(await needsApproval(input, { toolCallId: 'call_1', messages: [] }))) {
      // Not asked for: `execute` refuses the call (the input could not be governed).
      return await answerOf(report, input, await report.execute!(input, { toolCallId: 'call_1', messages: [] }));
    }
    const messages: ModelMessage[] = [
      {
        role: 'assistant',
        content: [{ type: 'tool-approval-request', approvalId: 'sdk_approval_1', toolCallId: 'call_1' }],
      },
      { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: 'sdk_approval_1', approved: true }] },
    ];
    const output: unknown = await report.execute!(input, { toolCallId: 'call_1', messages });
    return await answerOf(report, input, output);
  } catch (error) {
    return thrownOutcome(error);
  }
}
