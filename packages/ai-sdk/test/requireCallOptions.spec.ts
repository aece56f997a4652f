import { BraneError } from '@brane/errors';
import { governTools } from '../src/index.js';
import { refundFixture } from './support/refundFixture.js';

interface Hooks {
  readonly execute: (input: unknown, options?: unknown) => Promise<unknown>;
  readonly needsApproval: (input: unknown, options?: unknown) => Promise<boolean>;
}

describe('requireCallOptions: a governed tool called without the SDK’s tool call options', () => {
  it.each([undefined, null, 'call_1', 7, ['call_1']])(
    'execute(input, %p) is a typed refusal naming what it got, and the tool does not run',
    async (options) => {
      const { runtime, tools, refunds } = refundFixture();
      const refund = governTools(runtime, tools).refund as unknown as Hooks;

      const call = refund.execute({ customerId: 'cust_1', amountUsd: 40 }, options);

      await expect(call).rejects.toThrow(BraneError);
      await expect(call).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
      await expect(call).rejects.toThrow(/execute of governed tool `refund`: expected the SDK's tool call options/);
      expect(refunds).toStrictEqual([]);
    },
  );

  it.each([undefined, null, 'call_1'])('needsApproval(input, %p) is the same refusal', async (options) => {
    const { runtime, tools } = refundFixture();
    const refund = governTools(runtime, tools).refund as unknown as Hooks;

    await expect(refund.needsApproval({ customerId: 'cust_1', amountUsd: 250 }, options)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('options without messages are read as none: the call is governed as usual', async () => {
    const { runtime, tools, refunds } = refundFixture();
    const refund = governTools(runtime, tools).refund as unknown as Hooks;

    await expect(refund.needsApproval({ customerId: 'cust_1', amountUsd: 250 }, { toolCallId: 'c1' })).resolves.toBe(
      true,
    );
    await expect(refund.execute({ customerId: 'cust_1', amountUsd: 40 }, { toolCallId: 'c2' })).resolves.toMatchObject({
      refunded: true,
    });
    expect(refunds).toStrictEqual([{ customerId: 'cust_1', amountUsd: 40 }]);
  });
});
