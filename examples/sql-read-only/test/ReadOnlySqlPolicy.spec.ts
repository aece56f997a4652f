import '@brane/sdk/jest';
import { createPolicyContext } from '@brane/sdk/testing';
import { CustomerDatabase } from '../src/CustomerDatabase.js';
import { ReadOnlySqlPolicy } from '../src/ReadOnlySqlPolicy.js';

const policy = new ReadOnlySqlPolicy();
const executeSql = CustomerDatabase.prototype.executeSql;
const prod = { agentId: 'analytics-agent', environment: 'prod' } as const;

describe('read_only_sql', () => {
  it.each([
    ['select * from customers'],
    ["SELECT id, name FROM customers WHERE plan = 'pro' ORDER BY id"],
    ['  select 1  '],
    ['select 1;'],
    ['select 1; -- trailing comment'],
    ['/* monthly report */ select count(*) from customers'],
    ['-- monthly report\nselect count(*) from customers'],
    ["select * from customers where name = 'x; delete from customers'"],
    ['select name as "delete" from customers'],
    ["select replace(name, 'a', 'b') from customers"],
    ["with pro as (select * from customers where plan = 'pro') select count(*) from pro"],
    ['WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n LIMIT 3) SELECT x FROM n'],
    ['with a as materialized (select 1), b as (select 2) select * from a, b'],
  ])('allows %j', (query) => {
    expect(policy.readOnly(createPolicyContext(executeSql, [query], prod))).toAllow();
  });

  it.each([
    ['delete from customers', /`delete` is not a SELECT/],
    ['DELETE FROM customers', /`delete` is not a SELECT/],
    ["insert into customers values ('x', 'x', 'x', 'free')", /`insert` is not a SELECT/],
    ["update customers set plan = 'free'", /`update` is not a SELECT/],
    ["replace into customers values ('x', 'x', 'x', 'free')", /`replace` is not a SELECT/],
    ['drop table customers', /`drop` is not a SELECT/],
    ['create table stolen as select * from customers', /`create` is not a SELECT/],
    ['pragma writable_schema = on', /`pragma` is not a SELECT/],
    ["attach database 'file:/tmp/exfil.db' as exfil", /`attach` is not a SELECT/],
    ['vacuum', /`vacuum` is not a SELECT/],
    // several statements
    ['select 1; delete from customers', /has 2 statements/],
    ['select 1;delete from customers', /has 2 statements/],
    ["select ';'; delete from customers", /has 2 statements/],
    ['select 1 /* ; */ ; -- ;\n delete from customers', /has 2 statements/],
    ['begin; delete from customers; commit', /has 3 statements/],
    // a write behind a comment
    ['/* x */ delete from customers', /`delete` is not a SELECT/],
    ['-- x\ndelete from customers', /`delete` is not a SELECT/],
    ['/* select */ delete from customers', /`delete` is not a SELECT/],
    ['-- select\ndelete from customers', /`delete` is not a SELECT/],
    // a write behind WITH
    ['with doomed as (select id from customers) delete from customers where id in doomed', /`delete`/],
    ["with x as (select 1) insert into customers values ('x', 'x', 'x', 'free')", /`insert`/],
    ["WITH x AS (SELECT 1) UPDATE customers SET plan = 'free'", /`update`/],
    ['with x(select) as (select 1) delete from customers', /`delete`/],
    ['with x as (select 1)) delete from customers', /`delete`/],
    ['with x as (select 1)', /no statement after `with`/],
    // not SQL SQLite would run as a SELECT
    ['selectx from customers', /`selectx` is not a SELECT/],
    ['"select" from customers', /is not a SELECT/],
    ["select 'unterminated; delete from customers", /unterminated `'`/],
    ['', /the query is empty/],
    [' ; ; ', /the query is empty/],
    ['-- only a comment', /the query is empty/],
  ])('denies %j', (query, reason) => {
    const decision = policy.readOnly(createPolicyContext(executeSql, [query], prod));
    expect(decision).toDeny('Only SELECT queries are allowed');
    expect(decision).toDeny(reason);
  });

  it.each([[undefined], [42], [{ sql: 'select 1' }]])('denies a query that is not a string: %j', (query) => {
    expect(policy.readOnly(createPolicyContext(executeSql, { query }, prod))).toDeny(/is not a string/);
  });
});
