import type { Db } from '../../server/db';
import { createTestDb } from '../harness';

/**
 * Hot reads run as named prepared statements (knex `.options({ name })`): node-postgres
 * on a server, server/db/embedded-statements.ts on the embedded engine. Whichever engine
 * this run targets, a named statement must answer exactly what the same text unnamed does.
 */
let db: Db;
beforeAll(async () => { db = await createTestDb(); });
afterAll(async () => { await db.close(); });

const EVERY_TYPE = `SELECT ?::text AS t, ?::uuid AS u, ?::float8 AS f, ?::text[] AS arr, ?::boolean AS b,
  ?::timestamptz AS ts, ?::interval AS iv, ?::integer AS i, ?::bigint AS big, ?::text AS missing,
  12345678901::bigint AS int8_out, 1.5::numeric AS numeric_out, '{"a":[1,"é"]}'::jsonb AS doc, now() - ?::interval < now() AS earlier`;
const values = (t: string) => [t, '0b1f1c9e-5d57-4d3a-9a39-6f2f0d8e7a11', -1.875, ['a', 'b,c', 'd"e', 'ë'], true,
  '2026-11-30T12:00:00.000Z', '12 months', 42, 9007199254740991, null, '1 day'];

test('a named statement answers what the same text unnamed does, for every parameter and result type the hot reads use', async () => {
  const unnamed = (await db.knex.raw(EVERY_TYPE, values('plain'))).rows;
  for (let run = 0; run < 3; run++) {
    const named = (await db.knex.raw(EVERY_TYPE, values('plain')).options({ name: 'test_every_type' })).rows;
    expect(named).toEqual(unnamed);
  }
  expect(unnamed[0]).toMatchObject({ t: 'plain', f: -1.875, arr: ['a', 'b,c', 'd"e', 'ë'], b: true, i: 42, big: 9007199254740991,
    missing: null, int8_out: 12345678901, numeric_out: 1.5, doc: { a: [1, 'é'] }, earlier: true });
  expect((unnamed[0].ts as Date).toISOString()).toBe('2026-11-30T12:00:00.000Z');
  // New values through the same prepared statement.
  const again = (await db.knex.raw(EVERY_TYPE, values('second')).options({ name: 'test_every_type' })).rows;
  expect(again[0].t).toBe('second');
});

test('an error in a named statement is the database error, and the connection and the statement go on working', async () => {
  const divide = 'SELECT 10 / ?::integer AS q';
  await expect(db.knex.raw(divide, [0]).options({ name: 'test_divide' })).rejects.toMatchObject({ code: '22012' });
  expect((await db.knex.raw('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  expect((await db.knex.raw(divide, [5]).options({ name: 'test_divide' })).rows).toEqual([{ q: 2 }]);
});

test('a named statement first prepared in a transaction that rolls back still works after it', async () => {
  const text = 'SELECT count(*)::int AS n FROM asset WHERE name = ?';
  await db.knex.transaction(async (trx) => {
    expect((await trx.raw(text, ['none such']).options({ name: 'test_in_trx' })).rows).toEqual([{ n: 0 }]);
    await trx.raw('SELECT 1 / 0');
  }).catch(() => undefined);
  expect((await db.knex.raw(text, ['none such']).options({ name: 'test_in_trx' })).rows).toEqual([{ n: 0 }]);
});

test('a name is one text: a different text under a used name is refused, not run', async () => {
  await db.knex.raw('SELECT 1 AS a').options({ name: 'test_one_text' });
  await expect(db.knex.raw('SELECT 2 AS a').options({ name: 'test_one_text' })).rejects.toThrow();
});
