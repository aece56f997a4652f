import { supportStory } from '../src/supportStory.js';

describe('the ai-sdk-tools story', () => {
  it('allows, redacts, denies and asks for approval through the AI SDK, and runs the approved refund once', async () => {
    const story = await supportStory();

    expect(story.exchanges.map((exchange) => exchange.answered)).toStrictEqual([
      'Done: {"customerId":"cust_ada","name":"Ada Lovelace","email":"[REDACTED]","plan":"pro"}.',
      'Done: {"refundId":"re_1","customerId":"cust_ada","amountUsd":40}.',
      expect.stringContaining('Reason: Refund of $900 exceeds the $500 limit.') as string,
      '(a tool-approval-request: the tool waits for the user)',
      'Done: {"refundId":"re_2","customerId":"cust_bob","amountUsd":250}.',
      expect.stringMatching(/^I could not do that\. Not allowed: the `refund` tool call was blocked/) as string,
    ]);
    expect(story.desk.refunds).toStrictEqual([
      { refundId: 're_1', customerId: 'cust_ada', amountUsd: 40 },
      { refundId: 're_2', customerId: 'cust_bob', amountUsd: 250 },
    ]);
    expect(JSON.stringify(story.prompts)).not.toContain('ada@example.com');
  });

  it('backs the SDK approval request with a Brane request, approved by the signed-in user and used once', async () => {
    const story = await supportStory();

    expect(story.braneRequests).toStrictEqual([
      expect.objectContaining({
        capability: 'ai.refund',
        toolName: 'refund',
        reason: 'Refund of $250 needs approval',
        approverGroups: ['finance-ops'],
      }),
    ]);
    expect(story.approvals).toStrictEqual([
      expect.objectContaining({
        id: story.braneRequests[0]?.approvalId,
        status: 'completed',
        args: { customerId: 'cust_bob', amountUsd: 250 },
        decision: expect.objectContaining({ by: 'lee@support', comment: 'Bob was double-charged' }) as unknown,
        execution: expect.objectContaining({ outcome: 'succeeded' }) as unknown,
      }),
    ]);
  });
});
