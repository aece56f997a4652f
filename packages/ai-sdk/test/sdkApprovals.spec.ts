import type { ModelMessage } from 'ai';
import { approvalRequestsOf, approvalResponseOf } from '../src/sdkApprovals.js';

const conversation = (...last: ModelMessage[]): ModelMessage[] => [
  { role: 'user', content: 'Refund' },
  {
    role: 'assistant',
    content: [
      { type: 'tool-call', toolCallId: 'c1', toolName: 'refund', input: {} },
      { type: 'tool-approval-request', approvalId: 'ap1', toolCallId: 'c1' },
      { type: 'tool-call', toolCallId: 'c2', toolName: 'refund', input: {} },
      { type: 'tool-approval-request', approvalId: 'ap2', toolCallId: 'c2' },
    ],
  },
  ...last,
];

describe('the SDK approval parts of a conversation', () => {
  it('finds the approval requests of a tool call', () => {
    expect([...approvalRequestsOf('c1', conversation())]).toStrictEqual(['ap1']);
    expect(approvalRequestsOf('c3', conversation()).size).toBe(0);
    expect(approvalRequestsOf('c1', [{ role: 'assistant', content: 'text only' }]).size).toBe(0);
  });

  it("reads the response to a call's request from the last message, the first one winning, as the SDK does", () => {
    const messages = conversation({
      role: 'tool',
      content: [
        { type: 'tool-approval-response', approvalId: 'ap2', approved: false },
        { type: 'tool-approval-response', approvalId: 'ap1', approved: true, reason: 'ok' },
        { type: 'tool-approval-response', approvalId: 'ap1', approved: false },
      ],
    });
    expect(approvalResponseOf('c1', messages)).toStrictEqual({ approvalId: 'ap1', approved: true, reason: 'ok' });
    expect(approvalResponseOf('c2', messages)).toStrictEqual({ approvalId: 'ap2', approved: false, reason: undefined });
    expect(approvalResponseOf('c3', messages)).toBeUndefined();
  });

  it('ignores responses that are not in the last message', () => {
    const messages = conversation(
      { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: 'ap1', approved: true }] },
      { role: 'user', content: 'and now?' },
    );
    expect(approvalResponseOf('c1', messages)).toBeUndefined();
    expect(approvalResponseOf('c1', [])).toBeUndefined();
  });
});
