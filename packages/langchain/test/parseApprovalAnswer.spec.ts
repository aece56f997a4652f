import { parseApprovalAnswer } from '../src/parseApprovalAnswer.js';

const expected = 'expected { approved: boolean, approver?: string, comment?: string }';

describe('parseApprovalAnswer', () => {
  it.each([
    [{ approved: true }, { approved: true, approver: undefined, comment: undefined }],
    [
      { approved: false, approver: 'maria@finance', comment: 'No' },
      { approved: false, approver: 'maria@finance', comment: 'No' },
    ],
  ])('reads %p', (value, answer) => {
    expect(parseApprovalAnswer(value)).toStrictEqual(answer);
  });

  it.each([
    [true, `The answer was \`true\`: ${expected}`],
    [null, `The answer was \`null\`: ${expected}`],
    [{ approved: 'yes' }, `\`approved\` was \`"yes"\`: ${expected}`],
    [{ approved: true, by: 'maria' }, `The answer has unknown keys (by): ${expected}`],
    [{ approved: true, approver: ' ' }, '`approver` was `" "`: expected a non-empty string'],
    [{ approved: true, approver: 7 }, '`approver` was `7`: expected a non-empty string'],
    [{ approved: true, comment: 7 }, '`comment` was `7`: expected a string'],
  ])('says why %p is not an answer', (value, problem) => {
    expect(parseApprovalAnswer(value)).toBe(problem);
  });
});
