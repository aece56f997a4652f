/**
 * Whether `key` is defined on a prototype of `value` other than `Object.prototype`: a field a class getter or
 * `Object.create` holds, which an options or identity object must own to count (a polluted `Object.prototype` is
 * not such a prototype: its fields are never read). Not public API (`@brane/policy-engine/internal`).
 */
export function inheritedFromClass(value: object, key: string): boolean {
  for (let proto: unknown = Object.getPrototypeOf(value); proto !== null && proto !== Object.prototype;) {
    if (Object.hasOwn(proto as object, key)) return true;
    proto = Object.getPrototypeOf(proto);
  }
  return false;
}
