import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';

it('pglite over socket', async () => {
  const t0 = Date.now();
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, port: 0, maxConnections: 4 });
  await server.start();
  const conn = server.getServerConn();
  console.log('started', Date.now() - t0, conn);
  const pool = new pg.Pool({ connectionString: `postgres://postgres@${conn}/postgres`, max: 1 });
  const r = await pool.query('select version(), $1::text as x, hashtext($1) as h', ['a']);
  console.log(r.rows);
  await pool.query('create schema s; create table s.t (id text collate "C" primary key, body json)');
  await pool.query('insert into s.t values ($1, $2)', ['a', '{"x":"\\u0000"}']);
  console.log((await pool.query('select body::text from s.t')).rows);
  console.log((await pool.query('select pg_advisory_lock(1, hashtext($1))', ['s'])).rows);
  await pool.end();
  await server.stop();
  await db.close();
  console.log('total', Date.now() - t0);
});
