import { newReservationToken } from '@brane/limits';

describe('newReservationToken', () => {
  it('is 12 hexadecimal digits, so that no store separator (`|`, `:`) can appear in it', () => {
    for (let i = 0; i < 1_000; i++) expect(newReservationToken()).toMatch(/^[0-9a-f]{12}$/);
  });

  it('differs from call to call', () => {
    const tokens = new Set(Array.from({ length: 10_000 }, () => newReservationToken()));
    expect(tokens.size).toBe(10_000);
  });
});
