import { isPlainObject } from '@brane/decisions';
import { describeValue } from '@brane/errors';
import type { ApprovalAnswer } from './ApprovalInterrupt.js';

const KEYS = ['approved', 'approver', 'comment'];

/**
 * Reads the value a graph was resumed with as an {@link ApprovalAnswer}; returns why it is not one instead
 * (the node then asks again, rather than failing after the interrupt was answered, which LangGraph cannot
 * recover from).
 */
export function parseApprovalAnswer(value: unknown): ApprovalAnswer | string {
  const expected = 'expected { approved: boolean, approver?: string, comment?: string }';
  if (!isPlainObject(value)) return `The answer was ${describeValue(value)}: ${expected}`;
  const unknown = Object.keys(value).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0) return `The answer has unknown keys (${unknown.join(', ')}): ${expected}`;
  const { approved, approver, comment } = value;
  if (typeof approved !== 'boolean') return `\`approved\` was ${describeValue(approved)}: ${expected}`;
  if (approver !== undefined && (typeof approver !== 'string' || approver.trim() === '')) {
    return `\`approver\` was ${describeValue(approver)}: expected a non-empty string`;
  }
  if (comment !== undefined && typeof comment !== 'string') {
    return `\`comment\` was ${describeValue(comment)}: expected a string`;
  }
  return { approved, approver, comment };
}
