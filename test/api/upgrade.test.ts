import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createDb, migrateToLatest, type Db } from '../../server/db';
import { readRoutines } from '../../server/db/routines';
import { ROUTINE_DEFINITIONS_SQL } from '../../server/db/routine-catalog';
import { createTestDb } from '../harness';
import { withDatabase } from '../global-setup';
import { withAdminConnection } from '../server-engine';
import { loadFixture } from '../fixture';

/**
 * An upgrade is safe by construction: a database migrated by the last landed schema
 * (its migrations taken from git at PREVIOUS_SCHEMA, where every function body was still
 * in them), holding data, upgraded by today's migrateToLatest, ends with the same
 * functions, views, triggers, indexes, columns and constraints as a fresh database, and
 * with every row it held. Move PREVIOUS_SCHEMA forward when a release lands.
 */
const PREVIOUS_SCHEMA = '39836fe';
const ROOT = path.resolve(__dirname, '../..');
const SOURCES = ['migrations', 'server/domain', 'server/linkage/types.ts'];

function previousMigrations(): Knex.MigrationSource<string> | null {
  try {
    execFileSync('git', ['-C', ROOT, 'cat-file', '-e', `${PREVIOUS_SCHEMA}^{commit}`], { stdio: 'ignore' });
  } catch {
    return null;
  }
  // Under .tmp (ignored by git, transformed by ts-jest, which skips node_modules).
  const dir = path.join(ROOT, '.tmp', `schema-${PREVIOUS_SCHEMA}`);
  if (!fs.existsSync(path.join(dir, 'migrations', 'index.ts'))) {
    fs.mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['-C', ROOT, 'archive', PREVIOUS_SCHEMA, ...SOURCES]);
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(dir, 'migrations', 'index.ts')).migrationSource;
}

const previous = previousMigrations();
if (!previous) {
  console.warn(`\n*** upgrade.test.ts SKIPPED: commit ${PREVIOUS_SCHEMA} is not in this clone (a shallow clone?). Fetch the history to run it. ***\n`);
}
const maybe = previous ? test : test.skip;

/** A database of its own (the upgrade must start from nothing), and how to remove it. */
async function emptyDatabase(): Promise<{ db: Db; drop(): Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = await createDb({ memory: true });
    return { db, drop: () => db.close() };
  }
  const name = `waymark_upgrade_${randomBytes(6).toString('hex')}`;
  await withAdminConnection(url, (admin) => admin.raw('CREATE DATABASE ??', [name]));
  const db = await createDb({ databaseUrl: withDatabase(url, name), poolMax: 2 });
  return {
    db,
    drop: async () => {
      await db.close();
      await withAdminConnection(url, (admin) => admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]));
    },
  };
}

const rows = async (knex: Knex, sql: string) => (await knex.raw(sql)).rows;
const notFromExtension = (catalog: string, oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${oid} AND d.deptype = 'e')`;

/** What a schema is made of, each object by name with its definition as the server prints it. */
async function schemaOf(knex: Knex) {
  return {
    routines: await rows(knex, ROUTINE_DEFINITIONS_SQL),
    triggers: await rows(knex, `SELECT t.tgrelid::regclass::text AS "table", t.tgname AS name, pg_get_triggerdef(t.oid) AS definition, t.tgenabled AS enabled
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1, 2`),
    indexes: await rows(knex, `SELECT tablename AS "table", indexname AS name, indexdef AS definition FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`),
    columns: await rows(knex, `SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null,
        pg_get_expr(d.adbin, d.adrelid) AS "default", row_number() OVER (PARTITION BY c.oid ORDER BY a.attnum) AS position
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND a.attnum > 0 AND NOT a.attisdropped AND ${notFromExtension('pg_class', 'c.oid')}
      ORDER BY 1, position`),
    constraints: await rows(knex, `SELECT c.conrelid::regclass::text AS "table", c.conname AS name, pg_get_constraintdef(c.oid) AS definition, c.condeferrable, c.condeferred
      FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = 'public' AND ${notFromExtension('pg_constraint', 'c.oid')} ORDER BY 1, 2`),
  };
}

/** Every user table's rows, as a count and a digest (knex's own bookkeeping and the routine record aside). */
/** Each table's columns, in order: rows are compared over the columns the old schema had (an upgrade may add some). */
async function columnsOf(knex: Knex): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const r of await rows(knex, `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`)) {
    (out[r.table_name] ??= []).push(r.column_name);
  }
  return out;
}

async function dataOf(knex: Knex, columns?: Record<string, string[]>): Promise<Record<string, string>> {
  const tables: string[] = (await rows(knex, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT LIKE 'knex_%' AND c.relname <> 'waymark_routine'
      AND ${notFromExtension('pg_class', 'c.oid')} ORDER BY 1`)).map((r: { relname: string }) => r.relname);
  const out: Record<string, string> = {};
  for (const table of tables) {
    const kept = columns?.[table];
    const row = kept ? `(${kept.map((c) => `t."${c}"`).join(', ')})` : 't';
    const [r] = await rows(knex, `SELECT count(*) AS n, md5(coalesce(string_agg(${row}::text, '|' ORDER BY ${row}::text), '')) AS digest FROM "${table}" t`);
    out[table] = `${r.n} ${r.digest}`;
  }
  return out;
}

/** Registry content written through the old schema's triggers: published, sensitive, pending, shared and moved places. */
async function writeRegistry(knex: Knex): Promise<void> {
  await loadFixture(knex);
  await knex.transaction(async (trx) => {
    const actor = (await trx('app_user').where({ role: 'coordinator' }).first('id')).id;
    await trx.raw(`SELECT set_config('waymark.actor_id', ?, true)`, [actor]);
    const pid = (await trx('partnership').first('id')).id;
    const [org] = await trx('organisation').insert({ partnership_id: pid, name: 'Calder Recovery Café', kind: 'voluntary_community' }).returning('id');
    const sites = (await trx.raw(`INSERT INTO site (partnership_id, venue_name, address, postcode, geom)
      SELECT ?, 'Venue ' || g, g || ' King Cross Road', 'HX1 ' || g || 'AB', ST_SetSRID(ST_MakePoint(-1.88 + g * 0.004, 53.71 + g * 0.002), 4326)
      FROM generate_series(1, 6) g RETURNING id`, [pid])).rows.map((r: { id: string }) => r.id);
    const assets = (await trx.raw(`INSERT INTO asset (partnership_id, organisation_id, name, description, category, sensitive, status, published_at, tags, who_for)
      SELECT ?, CASE WHEN g % 2 = 0 THEN ?::uuid END, 'Mutual aid ' || g || ' — Élan', 'Meets weekly', 'mutual_aid', g % 3 = 0,
             CASE WHEN g = 5 THEN 'pending' ELSE 'published' END, now(), ARRAY['peer'], ARRAY['young_adults']
      FROM generate_series(1, 5) g RETURNING id`, [pid, org.id])).rows.map((r: { id: string }) => r.id);
    await trx('asset_site').insert(assets.map((asset_id: string, i: number) => ({ asset_id, site_id: sites[i] })));
    await trx('asset_site').insert({ asset_id: assets[0], site_id: sites[5] });
    await trx('site').where({ id: sites[1] }).update({ geom: trx.raw('ST_SetSRID(ST_MakePoint(-1.85, 53.72), 4326)') });
  });
}

// One database, as a deployment lives: first part-migrated by the old version, then all the way, then upgraded.
let old: { db: Db; drop(): Promise<void> };
beforeAll(async () => {
  if (previous) old = await emptyDatabase();
});
afterAll(async () => old?.drop());

maybe('a database migrated part of the way by an older version is refused before anything runs', async () => {
  await old.db.knex.migrate.up({ migrationSource: previous! });
  await expect(migrateToLatest(old.db)).rejects.toThrow(/migrated by an older Waymark and lacks 2026112302-create-partnership-and-users/);
  expect(await old.db.knex.schema.hasTable('partnership')).toBe(false);
});

maybe(`a database migrated by ${PREVIOUS_SCHEMA}, upgraded, is a fresh database's schema with every row it held`, async () => {
  const fresh = await createTestDb();
  try {
    await old.db.knex.migrate.latest({ migrationSource: previous! });
    await writeRegistry(old.db.knex);
    expect((await old.db.knex('public_asset_site').count('* as n'))[0].n).toBeGreaterThan(3);
    const oldColumns = await columnsOf(old.db.knex);
    const before = await dataOf(old.db.knex, oldColumns);

    const applied = await migrateToLatest(old.db);
    expect(applied).toContain('2026120650-routine-files');
    expect((await old.db.knex('waymark_routine').pluck('name')).sort()).toEqual(readRoutines().map((r) => r.name).sort());
    // Every table the old schema had keeps its rows, over the columns it had (tables the upgrade adds start empty and
    // are compared with a fresh database's by the schema checks below).
    const upgraded = await dataOf(old.db.knex, oldColumns);
    expect(Object.fromEntries(Object.keys(before).map((t) => [t, upgraded[t]]))).toEqual(before);
    for (const added of Object.keys(upgraded).filter((t) => !(t in before))) expect([added, upgraded[added]]).toEqual([added, '0 d41d8cd98f00b204e9800998ecf8427e']);

    // The routines now in place rebuild the read model the upgrade left, row for row, over every column (so a column
    // the upgrade added holds what the routines would write).
    const upgradedWhole = await dataOf(old.db.knex);
    await old.db.knex.raw(`SELECT waymark_refresh_public_assets(ARRAY(SELECT id FROM asset))`);
    expect(await dataOf(old.db.knex)).toEqual(upgradedWhole);

    const upgradedSchema = await schemaOf(old.db.knex);
    const expected = await schemaOf(fresh.knex);
    for (const part of Object.keys(expected) as (keyof typeof expected)[]) expect([part, upgradedSchema[part]]).toEqual([part, expected[part]]);
  } finally {
    await fresh.close();
  }
});
