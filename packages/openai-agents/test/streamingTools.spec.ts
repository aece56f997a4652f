// The Agents SDK returns one result per function tool: a streaming tool is refused (issue 12, streaming),
// and the run's signal reaches a call waiting for approval (finding 9).
import { InMemoryApprovalStore } from '@brane/approvals';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { ConfigurationError } from '@brane/errors';
import { RunContext } from '@openai/agents';
import { governedTool } from '../src/index.js';

const parameters = {
  type: 'object' as const,
  properties: { amountUsd: { type: 'number' } },
  required: ['amountUsd'],
  additionalProperties: false as const,
};

describe('a streaming function tool', () => {
  it('is refused when its execute is a generator', () => {
    expect(() =>
      governedTool(new Runtime(), {
        name: 'tail',
        description: 'tails',
        parameters,
        execute: async function* () {
          yield 'line';
        },
      }),
    ).toThrow(/does not stream tool output/);
  });

  it('cannot be declared `stream`', () => {
    expect(() =>
      governedTool(new Runtime(), {
        name: 'tail',
        description: 'tails',
        parameters,
        capability: { stream: true },
        execute: () => 'line',
      }),
    ).toThrow(ConfigurationError);
  });
});

describe("the run's signal (security review, finding 9)", () => {
  it('withdraws the approval request of a call abandoned while it waits', async () => {
    const runtime = new Runtime({
      tenantId: 'acme',
      principalId: 'u1',
      approvals: { store: new InMemoryApprovalStore(), wait: true, pollIntervalMs: 2 },
    });
    const refunds: unknown[] = [];
    const refund = governedTool(runtime, {
      name: 'refund',
      description: 'refunds',
      parameters,
      execute: (input) => {
        refunds.push(input);
        return 'done';
      },
    });
    runtime.beforeCapability('openai.refund', { name: 'ask' }, () =>
      Decision.requireApproval({ approverGroup: 'ops', reason: 'check' }),
    );
    const controller = new AbortController();
    const call = refund.invoke(new RunContext(), JSON.stringify({ amountUsd: 5 }), { signal: controller.signal });
    call.catch(() => undefined);
    let pending = await runtime.approvals.list();
    while (pending.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      pending = await runtime.approvals.list();
    }
    controller.abort(new Error('run aborted'));
    await call.catch(() => undefined);
    await expect(runtime.approvals.get(pending[0]?.id ?? '')).resolves.toMatchObject({ status: 'withdrawn' });
    expect(refunds).toStrictEqual([]);
  });
});
