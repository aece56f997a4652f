// Streaming tools (issue 12, finding 2), the SDK's abort signal (finding 9), input keys (finding 11).
import { InMemoryApprovalStore } from '@brane/approvals';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { jsonSchema, tool, type ToolExecutionOptions } from 'ai';
import { governTools, isBraneToolDenial } from '../src/index.js';

const sdkOptions = (signal?: AbortSignal): ToolExecutionOptions => ({
  toolCallId: 'call_1',
  messages: [],
  ...(signal === undefined ? {} : { abortSignal: signal }),
});

async function collect(results: unknown): Promise<unknown[]> {
  const chunks: unknown[] = [];
  for await (const chunk of results as AsyncIterable<unknown>) chunks.push(chunk);
  return chunks;
}

function progressTool(ran: string[]) {
  return tool({
    description: 'reports progress',
    inputSchema: jsonSchema<{ steps: number }>({ type: 'object', properties: { steps: { type: 'number' } } }),
    async *execute({ steps }) {
      for (let i = 1; i <= steps; i++) {
        ran.push(`step ${i}`);
        yield { status: `step ${i}`, secret: `sk_${i}` };
      }
    },
  });
}

describe('a tool whose execute is an async generator (preliminary results)', () => {
  it('passes every preliminary result through the after-policies, redacted', async () => {
    const runtime = new Runtime();
    const ran: string[] = [];
    const tools = governTools(runtime, { progress: progressTool(ran) });
    const seen: unknown[] = [];
    runtime.beforeCapability('ai.progress', { name: 'redact' }, () => Decision.redact(['secret']));
    runtime.afterCapability('ai.progress', { name: 'watch' }, (ctx) => {
      seen.push(ctx.chunkIndex);
      return Decision.allow();
    });
    const chunks = await collect(tools.progress.execute?.({ steps: 2 }, sdkOptions()));
    expect(chunks.map((chunk) => (chunk as { status: string }).status)).toStrictEqual(['step 1', 'step 2']);
    expect(JSON.stringify(chunks)).not.toContain('sk_');
    expect(seen).toStrictEqual([0, 1]);
  });

  it('ends with a BraneToolDenial as the final result when a chunk is denied, without that chunk', async () => {
    const runtime = new Runtime();
    const ran: string[] = [];
    const tools = governTools(runtime, { progress: progressTool(ran) });
    runtime.afterCapability('ai.progress', { name: 'stop_at_2' }, (ctx) =>
      ctx.chunkIndex === 1 ? Decision.deny('step 2 leaks') : Decision.allow(),
    );
    const chunks = await collect(tools.progress.execute?.({ steps: 5 }, sdkOptions()));
    expect(chunks).toHaveLength(2);
    expect((chunks[0] as { status: string }).status).toBe('step 1');
    expect(isBraneToolDenial(chunks[1])).toBe(true);
    expect(ran).toStrictEqual(['step 1', 'step 2']);
  });
});

describe("the SDK's abortSignal (security review, finding 9)", () => {
  it('withdraws the approval request of a call abandoned while it waits', async () => {
    const runtime = new Runtime({
      tenantId: 'acme',
      principalId: 'u1',
      approvals: { store: new InMemoryApprovalStore(), wait: true, pollIntervalMs: 2 },
    });
    const refunds: number[] = [];
    const tools = governTools(runtime, {
      refund: tool({
        description: 'refund',
        inputSchema: jsonSchema<{ amountUsd: number }>({
          type: 'object',
          properties: { amountUsd: { type: 'number' } },
        }),
        execute: async ({ amountUsd }) => {
          refunds.push(amountUsd);
          return 'done';
        },
      }),
    });
    runtime.beforeCapability('ai.refund', { name: 'ask' }, () =>
      Decision.requireApproval({ approverGroup: 'ops', reason: 'check' }),
    );
    const controller = new AbortController();
    const call = Promise.resolve(tools.refund.execute?.({ amountUsd: 5 }, sdkOptions(controller.signal)));
    let pending = await runtime.approvals.list();
    while (pending.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      pending = await runtime.approvals.list();
    }
    controller.abort(new Error('client went away'));
    await expect(call).rejects.toThrow('client went away');
    await expect(runtime.approvals.get(pending[0]?.id ?? '')).resolves.toMatchObject({ status: 'withdrawn' });
    expect(refunds).toStrictEqual([]);
  });
});

describe('a transform naming an argument the tool input schema lacks (security review, finding 11)', () => {
  it.each([
    [
      'closed',
      jsonSchema<{ query: string }>({
        type: 'object',
        properties: { query: { type: 'string' } },
        additionalProperties: false,
      }),
    ],
    ['default', jsonSchema<{ query: string }>({ type: 'object', properties: { query: { type: 'string' } } })],
  ])('is a deny for a %s object schema, and the tool does not run', async (_kind, inputSchema) => {
    const runtime = new Runtime();
    const ran: unknown[] = [];
    const tools = governTools(runtime, {
      search: tool({
        description: 'search',
        inputSchema,
        execute: async (input: { query: string }) => {
          ran.push(input);
          return 'results';
        },
      }),
    });
    runtime.beforeCapability('ai.search', { name: 'inject' }, () => Decision.transformInput({ patch: { nope: 1 } }));
    const output = await tools.search.execute?.({ query: 'q' }, sdkOptions());
    expect(isBraneToolDenial(output)).toBe(true);
    expect(ran).toStrictEqual([]);
  });
});
