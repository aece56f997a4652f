// Streaming tools (issue 12, finding 2), the run's signal (finding 9), input keys (finding 11).
import { InMemoryApprovalStore } from '@brane/approvals';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import { tool } from '@langchain/core/tools';
import { governTool } from '../src/index.js';

/** A tool whose body streams progress events, then returns its result. */
function exportTool(ran: string[]) {
  return tool(
    async function* ({ rows }: { rows: number }) {
      for (let i = 1; i <= rows; i++) {
        ran.push(`row ${i}`);
        yield { row: i, token: `sk_${i}` };
      }
      return `exported ${rows} rows`;
    },
    {
      name: 'export_rows',
      description: 'exports rows',
      schema: { type: 'object' as const, properties: { rows: { type: 'number' as const } } },
    },
  );
}

function eventsOf(events: unknown[]) {
  return [{ handleToolEvent: (chunk: unknown) => void events.push(chunk) }];
}

describe('a LangChain tool that streams events, declared `stream: true`', () => {
  it('governs each event and the result as chunks: redacted, with their index', async () => {
    const runtime = new Runtime();
    const ran: string[] = [];
    const governed = governTool(runtime, exportTool(ran), { capability: { stream: true } });
    const indexes: unknown[] = [];
    runtime.beforeCapability('langchain.export_rows', { name: 'redact' }, () => Decision.redact(['token']));
    runtime.afterCapability('langchain.export_rows', { name: 'watch' }, (ctx) => {
      indexes.push(ctx.chunkIndex);
      return Decision.allow();
    });
    const events: unknown[] = [];
    const result = await governed.invoke({ rows: 2 }, { callbacks: eventsOf(events) });
    expect(result).toBe('exported 2 rows');
    expect(events.map((event) => (event as { row: number }).row)).toStrictEqual([1, 2]);
    expect(JSON.stringify(events)).not.toContain('sk_');
    expect(indexes).toStrictEqual([0, 1, 2]);
  });

  it('ends the events at a denied chunk, which is never delivered, and answers with the refusal', async () => {
    const runtime = new Runtime();
    const ran: string[] = [];
    const governed = governTool(runtime, exportTool(ran), { capability: { stream: true } });
    runtime.afterCapability('langchain.export_rows', { name: 'no_row_2' }, (ctx) =>
      (ctx.output as { row?: number }).row === 2 ? Decision.deny('row 2 is secret') : Decision.allow(),
    );
    const events: unknown[] = [];
    const result = await governed.invoke({ rows: 4 }, { callbacks: eventsOf(events) });
    expect(events.map((event) => (event as { row: number }).row)).toStrictEqual([1]);
    expect(String(result)).toContain('row 2 is secret');
    expect(ran).toStrictEqual(['row 1', 'row 2']);
  });
});

describe("the run's signal (security review, finding 9)", () => {
  it('withdraws the approval request of a call abandoned while it waits', async () => {
    const runtime = new Runtime({
      tenantId: 'acme',
      principalId: 'u1',
      approvals: { store: new InMemoryApprovalStore(), wait: true, pollIntervalMs: 2 },
    });
    const refunds: number[] = [];
    const refund = tool(
      async ({ amountUsd }: { amountUsd: number }) => {
        refunds.push(amountUsd);
        return 'done';
      },
      {
        name: 'refund',
        description: 'refund',
        schema: { type: 'object' as const, properties: { amountUsd: { type: 'number' as const } } },
      },
    );
    const governed = governTool(runtime, refund, { refusals: 'throw' });
    runtime.beforeCapability('langchain.refund', { name: 'ask' }, () =>
      Decision.requireApproval({ approverGroup: 'ops', reason: 'check' }),
    );
    const controller = new AbortController();
    const call = governed.invoke({ amountUsd: 5 }, { signal: controller.signal });
    call.catch(() => undefined);
    let pending = await runtime.approvals.list();
    while (pending.length === 0) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      pending = await runtime.approvals.list();
    }
    controller.abort(new Error('client went away'));
    await expect(call).rejects.toThrow();
    await expect(runtime.approvals.get(pending[0]?.id ?? '')).resolves.toMatchObject({ status: 'withdrawn' });
    expect(refunds).toStrictEqual([]);
  });
});

describe('a transform naming an argument the tool schema lacks (security review, finding 11)', () => {
  it('is a deny, and the tool does not run', async () => {
    const runtime = new Runtime();
    const ran: unknown[] = [];
    const search = tool(
      async (input: { query: string }) => {
        ran.push(input);
        return 'results';
      },
      {
        name: 'search',
        description: 'search',
        schema: { type: 'object' as const, properties: { query: { type: 'string' as const } } },
      },
    );
    const governed = governTool(runtime, search, { refusals: 'throw' });
    runtime.beforeCapability('langchain.search', { name: 'inject' }, () =>
      Decision.transformInput({ patch: { nope: 1 } }),
    );
    await expect(governed.invoke({ query: 'q' })).rejects.toMatchObject({ code: 'CAPABILITY_DENIED' });
    expect(ran).toStrictEqual([]);
  });
});
