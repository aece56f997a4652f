import { inheritedFromClass } from '@brane/policy-engine/internal';

describe('inheritedFromClass', () => {
  class Base {
    get tenantId(): string {
      return 'tenant_acme';
    }
  }
  class Derived extends Base {}

  it('finds a field on a class prototype, at any depth, or on an object made from a prototype', () => {
    expect(inheritedFromClass(new Base(), 'tenantId')).toBe(true);
    expect(inheritedFromClass(new Derived(), 'tenantId')).toBe(true);
    expect(inheritedFromClass(Object.create({ principalId: 'x' }) as object, 'principalId')).toBe(true);
  });

  it('does not count own fields, Object.prototype (even polluted), or an object without a prototype', () => {
    expect(inheritedFromClass({ tenantId: 'a' }, 'tenantId')).toBe(false);
    expect(inheritedFromClass({}, 'toString')).toBe(false);
    expect(inheritedFromClass(Object.create(null) as object, 'tenantId')).toBe(false);
  });
});
