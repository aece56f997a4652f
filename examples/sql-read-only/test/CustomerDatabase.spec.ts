import { Runtime } from '@brane/sdk';
import { CustomerDatabase } from '../src/CustomerDatabase.js';
import { sampleCustomers } from '../src/sampleCustomers.js';

// No policy here: what the capability itself guarantees, whatever the policies allow.
describe('CustomerDatabase.executeSql', () => {
  let db: CustomerDatabase;
  beforeEach(async () => {
    db = new Runtime({ environment: 'test' }).govern(await CustomerDatabase.open(sampleCustomers));
  });
  afterEach(() => {
    db.close();
  });

  it('returns the rows of a query, synchronously', () => {
    expect(db.executeSql("select id from customers where plan = 'pro' order by id")).toEqual([
      { id: 'cust_123' },
      { id: 'cust_789' },
    ]);
  });

  it.each([
    ['select 1; delete from customers', 2],
    ['delete from customers; select 1', 2],
    ['', 0],
    ['-- nothing', 0],
  ])('refuses %j, which has %d statements, and runs none of it', (query, count) => {
    expect(() => db.executeSql(query)).toThrow(`has ${count}`);
    expect(db.executeSql('select count(*) as n from customers')).toEqual([{ n: sampleCustomers.length }]);
  });
});
