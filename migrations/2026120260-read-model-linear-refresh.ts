import type { Knex } from 'knex';
import { PUBLIC_ASSET_ROWS_V1, REFRESH_PUBLIC_ASSETS_V1 } from './2026120120-public-read-model';
import { JSON_ASCII_BY_CHARACTER } from './2026120210-public-listing-text';

/**
 * The read model's refresh was quadratic whenever the planner's statistics were stale,
 * and they are stale all through a bulk import (one transaction; nothing analysed sees
 * its rows). Server engine, assets + sites + links published in one transaction,
 * auto_explain on the link insert's refresh:
 * - the record builder ran its per-asset sites subquery as a sequential scan of `site`
 *   for every asset (`Seq Scan on site ... loops=10000`): 10,000 links took 29 s;
 * - the refresh's `IN (… EXCEPT …)` and `NOT IN (…)` ran as nested loops that recomputed
 *   the other side per row (`HashSetOp Except ... loops=30000`): 30,000 links took 439 s,
 *   and 100,000 did not finish in 18 minutes.
 * Now the sites are aggregated in one grouped pass joined once, and the refresh finds the
 * changed assets with set operations computed once into an array, then deletes and
 * inserts by key. (Every place row of an asset carries its whole record, so a change to
 * any place changes them all: rewriting an asset's place rows together touches no row
 * the old row-by-row comparison would have left.)
 * The same 30,000 links: 10.2 s, linear (index probes). The same rows come out
 * (test/api/read-model.test.ts); test/api/read-model-plans.test.ts checks the plans.
 *
 * The place rows' foreign key now points at asset, not public_asset. Every record that
 * changes is deleted and rewritten, and each public_asset delete ran the key's cascade
 * (DELETE FROM public_asset_site WHERE asset_id = $1), a plan the session caches the
 * first time, when a new registry's table is empty: a sequential scan, then run once
 * per record over a table the import is filling. A first published import of 30,000 rows
 * into an empty registry spent 7.8 s and 15.6 s in two such deletes whose own scans took
 * 10-15 ms (auto_explain). The refresh removes a record's place rows itself, and a
 * deleted asset still takes its place rows with it.
 *
 * And waymark_json_ascii, which every record and feature text goes through, escaped a
 * text with any non-ASCII character ("Café", a curly apostrophe) by splitting it into
 * one row per character: ~100 µs for a 1 KB record. It now replaces each distinct
 * non-ASCII character in place: 20,000 records with one in four non-ASCII, 601 → 133 ms
 * (of which 142 ms alone is the jsonb → text it is given); identical output over
 * 20,000 random strings of accented, CJK, astral, private-use and control characters.
 */

/** The one match of `pattern` in `text` (a migration that found none, or two, would rewrite the wrong thing). */
function onlyMatch(text: string, pattern: RegExp): RegExpMatchArray {
  const found = text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
  if (found !== 1) throw new Error(`migration 2026120260: expected one match of ${pattern}, found ${found}`);
  return text.match(pattern)!;
}

// The record builder of 2026120120 with its correlated sites subquery turned into one
// grouped pass over the same ids, joined once.
const CORRELATED_SITES = /\(\s*SELECT (jsonb_agg\([\s\S]*?\) ORDER BY s\.created_at, s\.id\))\s*FROM asset_site x JOIN site s ON s\.id = x\.site_id WHERE x\.asset_id = a\.id\s*\)/;
const ASSETS_AND_ORGANISATIONS = /FROM asset a LEFT JOIN organisation o ON o\.id = a\.organisation_id\n/;
const SITES_AGGREGATE = onlyMatch(PUBLIC_ASSET_ROWS_V1, CORRELATED_SITES)[1];
onlyMatch(PUBLIC_ASSET_ROWS_V1, ASSETS_AND_ORGANISATIONS);
const PUBLIC_ASSET_ROWS_GROUPED = PUBLIC_ASSET_ROWS_V1
  .replace(CORRELATED_SITES, 'g.sites')
  .replace(ASSETS_AND_ORGANISATIONS, () => `FROM asset a LEFT JOIN organisation o ON o.id = a.organisation_id
      LEFT JOIN (SELECT x.asset_id, ${SITES_AGGREGATE} AS sites
                 FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = ANY (ids) GROUP BY x.asset_id) g ON g.asset_id = a.id
`);

/**
 * One table's step of the refresh: the assets whose rows differ from what `rowsFunction`
 * builds (or exist on one side only), found by set operations that read each side once,
 * into an array; then those assets' rows deleted and rebuilt by key. Never IN / NOT IN
 * over a subquery: with stale statistics the planner ran those as nested loops that
 * recomputed the other side per row.
 */
const refreshStep = (table: string, rowsFunction: string, keys: string[]) => {
  const columns = (alias: string) => keys.map((k) => `${alias}.${k}`).join(', ');
  return `
      changed := ARRAY(
        WITH cur AS (SELECT ${columns('t')}, t::text AS r FROM ${table} t WHERE t.asset_id = ANY (ids)),
             fresh AS MATERIALIZED (SELECT ${columns('f')}, f::text AS r FROM ${rowsFunction}(ids) f)
        SELECT d.asset_id FROM (SELECT * FROM cur EXCEPT SELECT * FROM fresh) d
        UNION SELECT n.asset_id FROM (SELECT * FROM fresh EXCEPT SELECT * FROM cur) n);
      IF cardinality(changed) > 0 THEN
        DELETE FROM ${table} WHERE asset_id = ANY (changed);
        INSERT INTO ${table} SELECT * FROM ${rowsFunction}(changed);
      END IF;`;
};

// Records first: waymark_public_asset_site_rows reads public_asset, brought up to date above it.
const REFRESH_BY_CHANGED_ASSETS = `
CREATE OR REPLACE FUNCTION waymark_refresh_public_assets(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      changed uuid[];
    BEGIN
      IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;${refreshStep('public_asset', 'waymark_public_asset_rows', ['asset_id'])}${refreshStep('public_asset_site', 'waymark_public_asset_site_rows', ['asset_id', 'site_id'])}
    END $$;
`;

const ASCII_BY_REPLACE = String.raw`
CREATE OR REPLACE FUNCTION waymark_json_ascii(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    DECLARE
      c text;
      code int;
    BEGIN
      IF t IS NULL OR t !~ '[^\x01-\x7f]' THEN RETURN t; END IF;
      FOR c IN SELECT DISTINCT m[1] FROM regexp_matches(t, '([^\x01-\x7f])', 'g') AS m LOOP
        code := ascii(c);
        t := replace(t, c, CASE
          WHEN code < 65536 THEN '\u' || lpad(to_hex(code), 4, '0')
          ELSE '\u' || to_hex(55296 + ((code - 65536) >> 10)) || '\u' || to_hex(56320 + ((code - 65536) & 1023))
        END);
      END LOOP;
      RETURN t;
    END $$;
`;

const PLACES_KEYED_ON_PUBLIC_ASSET = 'FOREIGN KEY (asset_id) REFERENCES public_asset(asset_id) ON DELETE CASCADE';
const PLACES_KEYED_ON_ASSET = 'FOREIGN KEY (asset_id) REFERENCES asset(id) ON DELETE CASCADE';
const rekeyPlaces = (knex: Knex, key: string) => knex.raw(
  `ALTER TABLE public_asset_site DROP CONSTRAINT public_asset_site_asset_id_fkey, ADD CONSTRAINT public_asset_site_asset_id_fkey ${key}`);

export async function up(knex: Knex): Promise<void> {
  await rekeyPlaces(knex, PLACES_KEYED_ON_ASSET);
  await knex.raw(ASCII_BY_REPLACE);
  await knex.raw(PUBLIC_ASSET_ROWS_GROUPED);
  await knex.raw(REFRESH_BY_CHANGED_ASSETS);
}

export async function down(knex: Knex): Promise<void> {
  await rekeyPlaces(knex, PLACES_KEYED_ON_PUBLIC_ASSET);
  await knex.raw(JSON_ASCII_BY_CHARACTER);
  await knex.raw(PUBLIC_ASSET_ROWS_V1);
  await knex.raw(REFRESH_PUBLIC_ASSETS_V1);
}
