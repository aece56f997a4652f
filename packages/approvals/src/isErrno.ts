/**
 * Whether `error` is a Node.js system error with this `code` (`ENOENT`, `EEXIST`...). Checks the shape, not
 * `instanceof Error`: errors made in another realm (a `vm` context, as under jest) are not instances of this one's.
 */
export function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}
