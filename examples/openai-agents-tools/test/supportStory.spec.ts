import { supportStory } from '../src/supportStory.js';

describe('the support story', () => {
  it('allows, denies, redacts, and resumes the run once finance decides through Brane', async () => {
    const story = await supportStory();

    expect(story.pending.map(({ callId, capability, reason }) => ({ callId, capability, reason }))).toStrictEqual([
      { callId: 'call_ada_250', capability: 'openai.refund_customer', reason: 'Refund of $250 is over $100' },
      { callId: 'call_bob_300', capability: 'openai.refund_customer', reason: 'Refund of $300 is over $100' },
    ]);
    expect(JSON.parse(story.outputs.get('call_lookup')!)).toStrictEqual({
      id: 'cust_ada',
      name: 'Ada Lovelace',
      email: '[REDACTED]',
    });
    expect(JSON.parse(story.outputs.get('call_ada_75')!)).toStrictEqual({
      refundId: 'rf_1',
      customerId: 'cust_ada',
      amountUsd: 75,
    });
    expect(story.outputs.get('call_bob_900')).toBe('Brane denied this call: Refund of $900 exceeds the $500 limit');
    expect(JSON.parse(story.outputs.get('call_ada_250')!)).toStrictEqual({
      refundId: 'rf_2',
      customerId: 'cust_ada',
      amountUsd: 250,
    });
    expect(story.outputs.get('call_bob_300')).toBe(
      'An approver (maria@finance) rejected this call; it did not run: Already credited',
    );
    expect(story.desk.refunds).toStrictEqual([
      { refundId: 'rf_1', customerId: 'cust_ada', amountUsd: 75 },
      { refundId: 'rf_2', customerId: 'cust_ada', amountUsd: 250 },
    ]);
    // Stores list by id; two requests made in one millisecond have ULIDs in either order.
    const records = (await story.store.list()).map(({ status, args }) => ({ status, args }));
    records.sort((a, b) => String(a.args['customerId']).localeCompare(String(b.args['customerId'])));
    expect(records).toStrictEqual([
      { status: 'completed', args: { customerId: 'cust_ada', amountUsd: 250 } },
      { status: 'rejected', args: { customerId: 'cust_bob', amountUsd: 300 } },
    ]);
    expect(story.finalOutput).toMatch(/^Summary for the customer: /);
  });
});
