import fs from 'node:fs';
import path from 'node:path';
import { createTestDb } from '../harness';
import type { Db } from '../../server/db';
import { REPO_ROOT, applyChangedRoutines, readRoutines } from '../../server/db/routines';
import { ROUTINE_FILES } from '../../server/db/routine-files';
import { ROUTINE_DEFINITIONS_SQL } from '../../server/db/routine-catalog';

/**
 * Routines are `.sql` files (server/db/routine-files.ts). A freshly migrated database
 * holds exactly the routines the files define, each as its file says (pg_get_functiondef
 * reads it back byte for byte), the checksums the routine pass recorded are the files',
 * and no versioned migration carries a routine body or patches one.
 */
let db: Db;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => db.close());

type DefinedRoutine = { name: string; signature: string; definition: string };
const inDatabase = async (): Promise<DefinedRoutine[]> => (await db.knex.raw(ROUTINE_DEFINITIONS_SQL)).rows;

test('every routine in the database has a file, and every file a routine', async () => {
  const names = (await inDatabase()).map((r) => r.signature.replace(/\(.*$/, ''));
  expect(names).toEqual([...new Set(names)]); // no overloads: a file is one routine
  expect([...names].sort()).toEqual(readRoutines().map((r) => r.name).sort());
});

test('each routine reads back from the database exactly as its file defines it', async () => {
  const defined = new Map((await inDatabase()).map((r) => [r.name, r.definition.trimEnd()]));
  const drifted = readRoutines().filter((r) => defined.get(r.name) !== r.statement);
  // On failure: the file says one thing and the database another (a migration still
  // creating it, or a header pg_get_functiondef writes differently): run
  // `npx tsx scripts/extract-routines.ts` and read the diff.
  expect(drifted.map((r) => r.file)).toEqual([]);
});

test('the routine pass recorded every file with its checksum, and finds nothing to do on a second run', async () => {
  const recorded = await db.knex('waymark_routine').orderBy('name').select('name', 'checksum');
  expect(recorded).toEqual(readRoutines().map((r) => ({ name: r.name, checksum: r.checksum })).sort((a, b) => a.name.localeCompare(b.name)));
  expect(await applyChangedRoutines(db.knex)).toEqual([]);
});

test('a routine whose recorded checksum differs is applied again, and only that one', async () => {
  await db.knex('waymark_routine').where({ name: 'waymark_iso_time' }).update({ checksum: 'edited' });
  await db.knex.raw('DROP FUNCTION waymark_iso_time(timestamptz) CASCADE');
  expect(await applyChangedRoutines(db.knex)).toEqual(['waymark_iso_time']);
  expect((await db.knex.raw(`SELECT waymark_iso_time('2026-12-06 21:05:03.5+01') AS t`)).rows[0].t).toBe('2026-12-06T20:05:03.500Z');
});

test('routine files are named after their routine, listed once, and every .sql file under server/ is listed', () => {
  for (const r of readRoutines()) expect(`waymark_${path.basename(r.file, '.sql')}`).toBe(r.name);
  const onDisk: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith('.sql')) onDisk.push(rel);
    }
  };
  walk('server');
  expect([...onDisk].sort()).toEqual([...ROUTINE_FILES].sort());
});

test('no versioned migration defines a routine, patches one, or imports another migration', () => {
  const dir = path.join(REPO_ROOT, 'migrations');
  const offending: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    if (/CREATE\s+(OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE|VIEW)\b/i.test(text)) offending.push(`${file}: defines a routine`);
    if (/ALTER\s+FUNCTION|pg_get_functiondef|prosrc/i.test(text)) offending.push(`${file}: alters or reads a routine's definition`);
    if (file !== 'index.ts' && /from '\.\/\d{10}-/.test(text)) offending.push(`${file}: imports another migration`);
  }
  expect(offending).toEqual([]);
});
