import { MemoryAuditSink, isActionRecord } from '@brane/audit';
import { Runtime } from '@brane/core';
import { Decision } from '@brane/decisions';
import {
  BraneError,
  ConfigurationError,
  MAX_CUT_MARKER_LENGTH,
  MAX_TEXT_LENGTH,
  CapabilityDeniedError,
} from '@brane/errors';
import { run } from '@openai/agents';
import { governedTool, isGovernedTool } from '../src/index.js';
import { agentWith, refundCall, refundFixture, refundParameters, type RefundInput } from './support/refundFixture.js';
import { ScriptedModel } from './support/ScriptedModel.js';

const customer = {
  id: 'cust_ada',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  internalNotes: 'VIP; disputes open',
};
const lookupParameters = {
  type: 'object' as const,
  properties: { customerId: { type: 'string' } },
  required: ['customerId'],
  additionalProperties: false as const,
};

describe('governedTool: a call Brane allows', () => {
  it('runs the tool, and the model gets its result', async () => {
    const { refund, refunds } = refundFixture();
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 75)] }, { text: 'Refunded $75.' }]);

    const result = await run(agentWith(model, [refund]), 'Refund $75 to cust_1');

    expect(result.finalOutput).toBe('Refunded $75.');
    expect(result.interruptions).toStrictEqual([]);
    expect(refunds).toStrictEqual([{ customerId: 'cust_1', amountUsd: 75 }]);
    expect(JSON.parse(model.toolOutput('call_1')!)).toStrictEqual({
      refundId: 'rf_1',
      customerId: 'cust_1',
      amountUsd: 75,
    });
  });

  it('is the capability `openai.<name>` with the declared metadata, and the policies see the arguments by name', async () => {
    const { runtime, refund } = refundFixture();
    const seen: unknown[] = [];
    runtime.beforeCapability('openai.refund_customer', { name: 'observer' }, (ctx) => {
      seen.push([ctx.capability.risk, ctx.capability.effect?.type, ctx.arg('customerId'), ctx.arg('amountUsd')]);
      return Decision.allow();
    });
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 20)] }, { text: 'ok' }]);

    await run(agentWith(model, [refund]), 'go');

    expect(runtime.capabilities.map((capability) => [capability.name, capability.params])).toStrictEqual([
      ['openai.refund_customer', ['customerId', 'amountUsd']],
    ]);
    // Twice: `needsApproval` asks `runtime.explain` (a dry run, nothing recorded), then the call runs governed.
    expect(seen).toStrictEqual([
      ['high', 'financial', 'cust_1', 20],
      ['high', 'financial', 'cust_1', 20],
    ]);
    expect(isGovernedTool(refund)).toBe(true);
  });

  it('records the action on the audit trail, under the identity the run is in', async () => {
    const sink = new MemoryAuditSink();
    const { runtime, refund } = refundFixture({ runtime: { audit: { sinks: [sink] } } });
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 20)] }, { text: 'ok' }]);

    await runtime.withContext({ principalId: 'user_sam' }, () => run(agentWith(model, [refund]), 'go'));
    await runtime.close();

    const completed = sink.events.filter(isActionRecord);
    expect(completed.map((event) => [event.capability, event.principalId, event.outcome])).toStrictEqual([
      ['openai.refund_customer', 'user_sam', 'allowed'],
    ]);
  });

  it('gives the tool the arguments as a transform_input policy left them', async () => {
    const { runtime, refund, refunds } = refundFixture();
    runtime.beforeCapability('openai.refund_customer', { name: 'round_down', priority: 10 }, () =>
      Decision.transformInput({ patch: { amountUsd: 70 } }),
    );
    const model = new ScriptedModel([{ calls: [refundCall('call_1', 'cust_1', 75.5)] }, { text: 'ok' }]);

    await run(agentWith(model, [refund]), 'go');

    expect(refunds).toStrictEqual([{ customerId: 'cust_1', amountUsd: 70 }]);
  });
  it('takes the input object as it is when the schema is open, and policies read its keys', async () => {
    const runtime = new Runtime();
    const seen: unknown[] = [];
    runtime.beforeCapability('openai.search', { name: 'observer' }, (ctx) => {
      seen.push([ctx.hasArg('query'), ctx.arg('query'), ctx.arg('limit', 10)]);
      return Decision.allow();
    });
    const got: unknown[] = [];
    const search = governedTool(runtime, {
      name: 'search',
      description: 'Searches the docs',
      parameters: {
        type: 'object',
        properties: { query: { type: 'string' } },
        required: ['query'],
        additionalProperties: true,
      },
      strict: false,
      execute: (input) => {
        got.push(input);
        return 'found';
      },
    });
    const model = new ScriptedModel([
      { calls: [{ name: 'search', callId: 'call_1', args: { query: 'refunds', extra: 1 } }] },
      { text: 'ok' },
    ]);

    await run(agentWith(model, [search]), 'go');

    expect(runtime.capabilities[0]?.params).toBeUndefined();
    expect(seen.at(-1)).toStrictEqual([true, 'refunds', 10]);
    expect(got).toStrictEqual([{ query: 'refunds', extra: 1 }]);
  });
});

describe('governedTool: a call Brane denies', () => {
  it('does not run the tool; the model gets the reason as the output, and the run continues', async () => {
    const { refund, refunds } = refundFixture();
    const model = new ScriptedModel([
      { calls: [refundCall('call_1', 'cust_1', 900)] },
      { text: 'I cannot refund that much.' },
    ]);

    const result = await run(agentWith(model, [refund]), 'Refund $900 to cust_1');

    expect(refunds).toStrictEqual([]);
    expect(model.toolOutput('call_1')).toBe('Brane denied this call: Refund of $900 exceeds the $500 limit');
    expect(result.finalOutput).toBe('I cannot refund that much.');
  });

  it('handles allowed and denied calls of one turn each on its own', async () => {
    const { refund, refunds } = refundFixture();
    const model = new ScriptedModel([
      { calls: [refundCall('call_1', 'cust_1', 900), refundCall('call_2', 'cust_2', 30)] },
      { text: 'done' },
    ]);

    await run(agentWith(model, [refund]), 'go');

    expect(refunds).toStrictEqual([{ customerId: 'cust_2', amountUsd: 30 }]);
    expect(model.toolOutput('call_1')).toMatch(/^Brane denied this call/);
    expect(JSON.parse(model.toolOutput('call_2')!)).toMatchObject({ amountUsd: 30 });
  });

  it('denies a tool that lacks a required scope before any policy runs', async () => {
    const runtime = new Runtime({ scopes: ['crm:read'] });
    let ran = false;
    const wipe = governedTool(runtime, {
      name: 'wipe_account',
      description: 'Deletes an account',
      parameters: lookupParameters,
      capability: { scopes: ['accounts:delete'] },
      execute: () => {
        ran = true;
        return 'wiped';
      },
    });
    const model = new ScriptedModel([
      { calls: [{ name: 'wipe_account', callId: 'call_1', args: { customerId: 'cust_1' } }] },
      { text: 'ok' },
    ]);

    await run(agentWith(model, [wipe]), 'go');

    expect(ran).toBe(false);
    expect(model.toolOutput('call_1')).toMatch(/^Brane denied this call: .*accounts:delete/);
  });

  it('withholds the result when an after-policy denies it; the tool ran', async () => {
    const runtime = new Runtime();
    runtime.afterCapability('openai.lookup_customer', { name: 'no_vip' }, (ctx) =>
      (ctx.output as typeof customer).internalNotes.includes('VIP')
        ? Decision.deny('VIP records are not shown')
        : Decision.allow(),
    );
    let runs = 0;
    const lookup = governedTool(runtime, {
      name: 'lookup_customer',
      description: 'Looks a customer up',
      parameters: lookupParameters,
      execute: () => {
        runs += 1;
        return customer;
      },
    });
    const model = new ScriptedModel([
      { calls: [{ name: 'lookup_customer', callId: 'call_1', args: { customerId: 'cust_ada' } }] },
      { text: 'ok' },
    ]);

    await run(agentWith(model, [lookup]), 'go');

    expect(runs).toBe(1);
    expect(model.toolOutput('call_1')).toBe('Brane withheld the result of this call: VIP records are not shown');
  });

  it('uses a refusalMessage of the tool', async () => {
    const runtime = new Runtime();
    runtime.beforeCapability('openai.lookup_customer', { name: 'closed' }, () => Decision.deny('Closed on Sundays'));
    const lookup = governedTool(runtime, {
      name: 'lookup_customer',
      description: 'Looks a customer up',
      parameters: lookupParameters,
      refusalMessage: (error) => `NO (${error.code})`,
      execute: () => customer,
    });
    const model = new ScriptedModel([
      { calls: [{ name: 'lookup_customer', callId: 'call_1', args: { customerId: 'cust_ada' } }] },
      { text: 'ok' },
    ]);

    await run(agentWith(model, [lookup]), 'go');

    expect(model.toolOutput('call_1')).toBe('NO (CAPABILITY_DENIED)');
  });

  it('bounds what the model is told, even by a refusalMessage quoting the call (security review, finding 10)', async () => {
    const runtime = new Runtime();
    runtime.beforeCapability('openai.lookup_customer', { name: 'quotes' }, (ctx) =>
      Decision.deny(`No customer ${String(ctx.arg('customerId'))}`),
    );
    const lookup = governedTool(runtime, {
      name: 'lookup_customer',
      description: 'Looks a customer up',
      parameters: lookupParameters,
      refusalMessage: (error) =>
        `NO: ${error instanceof CapabilityDeniedError ? error.reason : ''} ${'!'.repeat(100_000)}`,
      execute: () => customer,
    });
    const customerId = 'c'.repeat(1_000_000);
    const model = new ScriptedModel([
      { calls: [{ name: 'lookup_customer', callId: 'call_1', args: { customerId } }] },
      { text: 'ok' },
    ]);

    await run(agentWith(model, [lookup]), 'go');

    const output = model.toolOutput('call_1') as string;
    expect(output).toMatch(/^NO: No customer c{1984} … \[cut [\d,]+ characters\]$/);
    expect(output.length).toBeLessThanOrEqual(MAX_TEXT_LENGTH + MAX_CUT_MARKER_LENGTH);
  });
});

describe('governedTool: redaction', () => {
  it('the model gets the output as the after-policies redacted it; the tool returned it whole', async () => {
    const runtime = new Runtime();
    runtime.afterCapability('openai.lookup_customer', { name: 'mask_pii' }, () =>
      Decision.redact(['email', { path: 'internalNotes', action: 'remove' }], { reason: 'PII' }),
    );
    const returned: unknown[] = [];
    const lookup = governedTool(runtime, {
      name: 'lookup_customer',
      description: 'Looks a customer up',
      parameters: lookupParameters,
      execute: () => {
        const record = { ...customer };
        returned.push(record);
        return record;
      },
    });
    const model = new ScriptedModel([
      { calls: [{ name: 'lookup_customer', callId: 'call_1', args: { customerId: 'cust_ada' } }] },
      { text: 'Found Ada.' },
    ]);

    const result = await run(agentWith(model, [lookup]), 'Who is cust_ada?');

    expect(JSON.parse(model.toolOutput('call_1')!)).toStrictEqual({
      id: 'cust_ada',
      name: 'Ada Lovelace',
      email: '[REDACTED]',
    });
    expect(returned).toStrictEqual([customer]);
    expect(result.finalOutput).toBe('Found Ada.');
  });
});

describe('governedTool: errors', () => {
  it("leaves the tool's own errors to the SDK, which tells the model an error occurred", async () => {
    const runtime = new Runtime();
    const failing = governedTool(runtime, {
      name: 'lookup_customer',
      description: 'Looks a customer up',
      parameters: lookupParameters,
      execute: () => {
        throw new Error('database down');
      },
    });
    const model = new ScriptedModel([
      { calls: [{ name: 'lookup_customer', callId: 'call_1', args: { customerId: 'cust_ada' } }] },
      { text: 'ok' },
    ]);

    await run(agentWith(model, [failing]), 'go');

    expect(model.toolOutput('call_1')).toMatch(/error/i);
    expect(model.toolOutput('call_1')).not.toMatch(/^Brane/);
  });

  it('refuses an argument the schema does not name (a non-strict tool), without running the tool', async () => {
    const runtime = new Runtime();
    let ran = false;
    const lookup = governedTool(runtime, {
      name: 'lookup_customer',
      description: 'Looks a customer up',
      parameters: lookupParameters,
      strict: false,
      execute: () => {
        ran = true;
        return customer;
      },
    });
    const model = new ScriptedModel([
      { calls: [{ name: 'lookup_customer', callId: 'call_1', args: { customerId: 'c', admin: true } }] },
      { text: 'ok' },
    ]);

    await run(agentWith(model, [lookup]), 'go');

    expect(ran).toBe(false);
    expect(model.toolOutput('call_1')).toBe('Brane refused this call (UNKNOWN_ARGUMENT); it did not run');
  });

  const execute = (): string => 'ok';
  it.each([
    ['a missing runtime', undefined, {}, BraneError, 'INVALID_ARGUMENT'],
    ['options that are not an object', new Runtime(), 'lookup', BraneError, 'INVALID_ARGUMENT'],
    [
      'no name',
      new Runtime(),
      { description: 'd', parameters: lookupParameters, execute },
      ConfigurationError,
      'INVALID_OPTIONS',
    ],
    [
      'no description',
      new Runtime(),
      { name: 'x', parameters: lookupParameters, execute },
      ConfigurationError,
      'INVALID_OPTIONS',
    ],
    ['no parameters', new Runtime(), { name: 'x', description: 'd', execute }, ConfigurationError, 'INVALID_OPTIONS'],
    [
      'no execute',
      new Runtime(),
      { name: 'x', description: 'd', parameters: lookupParameters },
      ConfigurationError,
      'INVALID_OPTIONS',
    ],
    [
      'its own needsApproval',
      new Runtime(),
      { name: 'x', description: 'd', parameters: lookupParameters, execute, needsApproval: true },
      ConfigurationError,
      'INVALID_OPTIONS',
    ],
    [
      'capability params',
      new Runtime(),
      { name: 'x', description: 'd', parameters: lookupParameters, execute, capability: { params: ['a'] } },
      ConfigurationError,
      'INVALID_OPTIONS',
    ],
    [
      'an unknown capability option',
      new Runtime(),
      { name: 'x', description: 'd', parameters: lookupParameters, execute, capability: { risky: true } },
      ConfigurationError,
      'INVALID_OPTIONS',
    ],
    [
      'a risk that does not exist',
      new Runtime(),
      { name: 'x', description: 'd', parameters: lookupParameters, execute, capability: { risk: 'extreme' } },
      ConfigurationError,
      'INVALID_OPTIONS',
    ],
    [
      'a refusalMessage that is not a function',
      new Runtime(),
      { name: 'x', description: 'd', parameters: lookupParameters, execute, refusalMessage: 'no' },
      ConfigurationError,
      'INVALID_OPTIONS',
    ],
  ])('refuses %s with a typed error', (_, runtime, options, type, code) => {
    const attempt = () => governedTool(runtime as Runtime, options as never);
    expect(attempt).toThrow(type);
    expect(attempt).toThrow(expect.objectContaining({ code }) as Error);
  });

  it('refuses a second tool with the same capability name on one runtime', () => {
    const runtime = new Runtime();
    const options = {
      name: 'x',
      description: 'd',
      parameters: refundParameters,
      execute: (input: unknown) => input as RefundInput,
    };
    governedTool(runtime, options);
    expect(() => governedTool(runtime, options)).toThrow(
      expect.objectContaining({ code: 'DUPLICATE_CAPABILITY' }) as Error,
    );
  });

  it('takes the capability name from `capability.name`', () => {
    const runtime = new Runtime();
    governedTool(runtime, {
      name: 'refund_customer',
      description: 'd',
      parameters: refundParameters,
      capability: { name: 'payments.refund' },
      execute: () => 'ok',
    });
    expect(runtime.capabilities.map((capability) => capability.name)).toStrictEqual(['payments.refund']);
  });
});
