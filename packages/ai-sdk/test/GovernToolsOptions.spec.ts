import { Runtime } from '@brane/core';
import { generateText, stepCountIs } from 'ai';
import { parseGovernToolsOptions } from '../src/GovernToolsOptions.js';
import { governTools } from '../src/index.js';
import { refundFixture } from './support/refundFixture.js';
import { scriptedModel, toolOutputsSeen } from './support/scriptedModel.js';

describe('GovernToolsOptions', () => {
  it('has defaults: prefix `ai`, approver `ai-sdk`', async () => {
    const parsed = parseGovernToolsOptions(undefined, ['refund']);
    expect(parsed.prefix).toBe('ai');
    expect(parsed.capabilities.size).toBe(0);
    expect(await parsed.approver({} as never)).toBe('ai-sdk');
    expect(parsed.authorizeApprover).toBeUndefined();
  });

  it.each([
    [null, /options must be an object/],
    [{ prefix: 3 }, /`prefix` must be a string/],
    [{ capabilities: [] }, /`capabilities` must be an object/],
    [{ capabilities: { other: {} } }, /names `other`, which is not one of the tools \(refund\)/],
    [{ capabilities: { refund: 'high' } }, /`capabilities.refund` must be an object/],
    [{ capabilities: { refund: { async: false, routing: {} } } }, /may not set async, routing/],
    [{ approver: 42 }, /`approver` must be a non-empty string or a function/],
    [{ authorizeApprover: 'maria' }, /`authorizeApprover` must be a function/],
    [{ authorizeApprover: () => undefined, approver: 'x' }, /`authorizeApprover` .* or `approver` .*, not both/],
    [{ describeDenial: 'no' }, /`describeDenial` must be a function/],
    [{ prefix: 'ai', colour: 'red' }, /unknown option\(s\) `colour`/],
  ])('refuses %j with INVALID_OPTIONS', (options, message) => {
    expect(() => parseGovernToolsOptions(options, ['refund'])).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringMatching(message) as string }) as Error,
    );
  });

  it('registers nothing when any tool of the set is refused', () => {
    const runtime = new Runtime({ agentId: 'a' });
    const { tools } = refundFixture();
    expect(() => governTools(runtime, tools, { capabilities: { lookup: { risk: 'extreme' as never } } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }) as Error,
    );
    expect(runtime.capabilities).toStrictEqual([]);
  });

  it('names a capability by `capabilities[tool].name` first', () => {
    const runtime = new Runtime({ agentId: 'a' });
    const { tools } = refundFixture();
    governTools(runtime, tools, { prefix: 'support', capabilities: { refund: { name: 'refund_customer' } } });
    expect(runtime.capabilities.map((capability) => capability.name)).toStrictEqual([
      'refund_customer',
      'support.lookup',
    ]);
  });

  it('lets describeDenial write what the model sees', async () => {
    const { runtime, tools } = refundFixture();
    const governed = governTools(runtime, tools, {
      describeDenial: (denial) => `Policy ${denial.policy ?? '?'} said no: ${denial.reason}`,
    });
    const { model, prompts } = scriptedModel({
      toolCalls: [{ id: 'c', tool: 'refund', input: { customerId: 'c', amountUsd: 1000 } }],
    });

    await generateText({ model, tools: governed, prompt: 'go', stopWhen: stepCountIs(3) });

    expect(toolOutputsSeen(prompts[1])['c']).toStrictEqual({
      type: 'error-text',
      value: 'Policy refund_limit said no: Refund of $1000 exceeds the $500 limit',
    });
  });
});
