import { errorMessage } from '../src/errorMessage';

describe('errorMessage', () => {
  it.each([
    [new Error('disk full'), 'disk full'],
    [{ message: 'from another realm' }, 'from another realm'],
    ['plain text', 'plain text'],
    [42, '42'],
    [null, 'null'],
  ])('describes %p as %p', (error, message) => {
    expect(errorMessage(error)).toBe(message);
  });
});
