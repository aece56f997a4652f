import { newUlid } from '@brane/decisions';
import { AgentAction, defineCapability } from '@brane/core';
import { PolicyContext } from '@brane/policy-engine';

describe('AgentAction built in a test', () => {
  it('is built as in the reference docs and read through a PolicyContext', () => {
    const action = new AgentAction({
      actionType: 'tool_call',
      capability: { name: 'refund_customer', type: 'tool', risk: 'high' },
      input: { customerId: 'cust_1', amountUsd: 250 },
    });
    const ctx = new PolicyContext({ action, args: action.input });
    expect(ctx.arg('amountUsd')).toBe(250);
    expect(ctx.isHighRisk).toBe(true);
    expect(action).toMatchObject({
      actionType: 'tool_call',
      environment: 'dev',
      scopes: [],
      parentActionId: undefined,
      output: undefined,
    });
  });

  it('makes its ids lazily, once, with the start time in the ULID', () => {
    const before = Date.now();
    const action = new AgentAction({ capability: { name: 'x' } });
    expect(action.actionId).toBe(action.actionId);
    const started = Date.parse(action.timestamp);
    expect(started).toBeGreaterThanOrEqual(before);
    expect(started).toBeLessThanOrEqual(Date.now());
    // The first 10 characters of a ULID encode its time: the id carries the start time.
    expect(action.actionId.slice(0, 10)).toBe(newUlid(started).slice(0, 10));
    expect(action.traceId).not.toBe(action.actionId);
  });

  it('keeps identity, trace, parent, output and metadata', () => {
    const action = new AgentAction({
      capability: { name: 'x', type: 'model' },
      agentId: 'a',
      principalId: 'p',
      tenantId: 't',
      environment: 'prod',
      scopes: ['s:*'],
      traceId: 'trace',
      parentActionId: 'parent',
      output: { ok: true },
      metadata: { m: 1 },
    });
    expect(action).toMatchObject({
      actionType: 'model_call',
      agentId: 'a',
      principalId: 'p',
      tenantId: 't',
      environment: 'prod',
      scopes: ['s:*'],
      traceId: 'trace',
      parentActionId: 'parent',
      output: { ok: true },
      metadata: { m: 1 },
    });
  });

  it('names positional args from a capability definition', () => {
    const capability = defineCapability(
      { name: 'refund' },
      (customerId: string, amountUsd: number) => [customerId, amountUsd],
      'here',
    );
    const action = new AgentAction({ capability, input: { amountUsd: 5, customerId: 'c' } });
    expect(action.args).toEqual(['c', 5]);
    expect(action.input).toEqual({ amountUsd: 5, customerId: 'c' });
  });

  it.each([
    [
      { capability: { name: 'x' }, actionType: 'model_call' },
      /`actionType` `"model_call"` does not match the capability's type `tool`/,
    ],
    [{ capability: { name: 'x' }, environment: 'production' }, /`environment`/],
    [{ capability: { name: 'x', risk: 'huge' } }, /new AgentAction: `capability`: `risk`/],
    [{ capability: 'refund' }, /`capability` must be an object/],
    [{ capability: { name: 'x' }, extra: 1 }, /unknown option `extra`/],
  ])('refuses bad input %j', (init, message) => {
    expect(() => new AgentAction(init as never)).toThrow(message);
  });
});
