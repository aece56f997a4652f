import * as fs from 'node:fs';
import { isErrno } from '../src/isErrno';

describe('isErrno', () => {
  it('recognises a Node.js system error by its code', () => {
    let error: unknown;
    try {
      fs.readFileSync('/definitely/not/here');
    } catch (caught) {
      error = caught;
    }

    expect(isErrno(error, 'ENOENT')).toBe(true);
    expect(isErrno(error, 'EEXIST')).toBe(false);
  });

  it.each([[null], [undefined], ['ENOENT'], [new Error('ENOENT')]])('is false for %p', (value) => {
    expect(isErrno(value, 'ENOENT')).toBe(false);
  });
});
