import { randomUUID } from 'node:crypto';

/**
 * A fresh `Reservation.token`: 12 hexadecimal digits, 48 random bits (the random digits of a v4 UUID, which Node
 * draws from a pooled source). For a store that names its entries by action id: it tells a reservation's entries from
 * those of a later one under the same id, so two reservations of one id collide once in 2^48. Short on purpose: it is
 * part of every entry's name, and a UUID's 36 characters measured 20 to 25% off Redis's reservation rate (64 in
 * flight), 12 about 5%.
 */
export function newReservationToken(): string {
  const uuid = randomUUID();
  return uuid.slice(0, 8) + uuid.slice(9, 13);
}
