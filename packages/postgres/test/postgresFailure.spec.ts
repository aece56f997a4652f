import { mayHaveCommitted, postgresFailure } from '../src/postgresFailure';

const pgError = (code: string, message = 'server said no') => Object.assign(new Error(message), { code });

describe('postgresFailure', () => {
  it.each([
    [pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), 'connection', undefined],
    [pgError('ECONNRESET', 'read ECONNRESET'), 'connection', undefined],
    [new Error('Connection terminated unexpectedly'), 'connection', undefined],
    [new Error('Client has encountered a connection error and is not queryable'), 'connection', undefined],
    [pgError('57P01', 'terminating connection due to administrator command'), 'connection', '57P01'],
    [pgError('57P03', 'the database system is starting up'), 'connection', '57P03'],
    [pgError('08006'), 'connection', '08006'],
    [pgError('53300', 'too many clients already'), 'connection', '53300'],
    [new Error('timeout exceeded when trying to connect'), 'timeout', undefined],
    [new Error('Query read timeout'), 'timeout', undefined],
    [pgError('57014', 'canceling statement due to statement timeout'), 'timeout', '57014'],
    [pgError('55P03', 'lock not available'), 'timeout', '55P03'],
    [pgError('40001', 'could not serialize access'), 'serialization', '40001'],
    [pgError('40P01', 'deadlock detected'), 'serialization', '40P01'],
    [pgError('23505', 'duplicate key value'), 'constraint', '23505'],
    [pgError('23514', 'check constraint'), 'constraint', '23514'],
    [pgError('42P01', 'relation "brane.approvals" does not exist'), 'schema', '42P01'],
    [pgError('3F000', 'schema does not exist'), 'schema', '3F000'],
    [pgError('22P02', 'invalid input syntax'), 'query', '22P02'],
    ['a string thrown', 'query', undefined],
  ])('%p is a %s failure', (error, kind, sqlState) => {
    const failure = postgresFailure(error);

    expect(failure).toMatchObject({ kind, sqlState });
    expect(failure.summary).toContain(error instanceof Error ? error.message : error);
    expect(mayHaveCommitted(failure)).toBe(kind === 'connection' || kind === 'timeout');
  });

  it('tells a missing table to run the migrations', () => {
    expect(postgresFailure(pgError('42P01')).summary).toMatch(/run `brane db migrate` \(or `migrate\(pool\)`\) first/);
  });
});
