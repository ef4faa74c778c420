import type { Knex } from 'knex';
import { auditTableByStatement } from './helpers';

/**
 * Set-based triggers, so a statement writing 100,000 rows runs each trigger once, not
 * 100,000 times (a 20,000-row CSV import spent 14 s of its 18 s write phase in row
 * triggers on PostgreSQL 15, measured). What they write is unchanged:
 *
 * - Audit (was waymark_audit, once per row): one statement-level trigger per event on
 *   every audited table, reading the statement's transition tables. Same audit_log rows
 *   as before: actor, action, table, row id, before/after without password hashes, and
 *   no entry for an update that changed nothing. Before and after images of an update
 *   are paired by the table's primary key (its columns are the trigger's arguments; no
 *   write here changes a primary key).
 * - Site sensitivity (was once per asset_site row, and once per asset row whose
 *   sensitivity or status changed): once per statement, over the sites it touched.
 * - read_cache_version (a deferred constraint trigger, which PostgreSQL allows only per
 *   row): still fired at commit, but a transaction moves the counter once, however many
 *   rows it wrote, instead of updating one row once per written row.
 *
 * (Geometries are turned into jsonb by waymark_geojsonb, 4x quicker than to_jsonb and the
 * same value; `OFFSET 0` keeps each row's jsonb from being computed twice.)
 *
 * New audited tables use auditTableByStatement (helpers.ts).
 */
const AUDITED = [
  'partnership', 'app_user', 'organisation', 'site', 'asset', 'asset_site',
  'campaign', 'campaign_frame', 'campaign_pair', 'campaign_assignment', 'campaign_attempt',
  'area_import', 'external_ref', 'import_mapping',
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_row_key(j jsonb, cols text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT string_agg(j->>c, ':' ORDER BY o) FROM unnest(cols) WITH ORDINALITY AS u(c, o)
    $$;
  `);
  // row_id as the row trigger wrote it: the id, else "asset_id:site_id" (else '').
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_audit_row_id(j jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT coalesce(j->>'id', concat_ws(':', j->>'asset_id', j->>'site_id'))
    $$;
  `);
  // to_jsonb(geometry) goes through PostGIS's jsonb cast, which looks the SRS up for every
  // value (20 µs a point, measured); this gives the same jsonb (checked equal over every
  // site geometry, points and mask polygons) in a quarter of the time.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_geojsonb(g geometry) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN g IS NULL THEN NULL
        WHEN ST_SRID(g) = 4326 THEN ST_AsGeoJSON(g, 15, 0)::jsonb || '{"crs": {"type": "name", "properties": {"name": "EPSG:4326"}}}'::jsonb
        ELSE to_jsonb(g) END
    $$;
  `);
  // The SQL for "to_jsonb(alias) minus these keys" over a table's rows, geometries through
  // waymark_geojsonb. jsonb keeps no key order, so the object is the same as to_jsonb's.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_row_jsonb_sql(tbl regclass, alias text, omit text[] DEFAULT '{}') RETURNS text LANGUAGE sql STABLE AS $$
      WITH cols AS (
        SELECT attnum, attname, atttypid = 'geometry'::regtype AS geo,
               (row_number() OVER (ORDER BY attnum) - 1) / 40 AS chunk
        FROM pg_attribute WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped AND NOT attname = ANY (omit)),
      chunks AS (
        SELECT chunk, format('jsonb_build_object(%s)', string_agg(format('%L, %s', attname,
                 CASE WHEN geo THEN format('waymark_geojsonb(%I.%I)', alias, attname) ELSE format('%I.%I', alias, attname) END), ', ' ORDER BY attnum)) AS sql
        FROM cols GROUP BY chunk)
      SELECT CASE WHEN (SELECT bool_or(geo) FROM cols)
        THEN (SELECT string_agg(sql, ' || ' ORDER BY chunk) FROM chunks)
        ELSE (SELECT format('to_jsonb(%I)', alias) || coalesce(string_agg(format(' - %L', o), ''), '') FROM unnest(omit) AS o) END
    $$;
  `);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_audit_statement() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      actor uuid := nullif(current_setting('waymark.actor_id', true), '')::uuid;
      new_json text := waymark_row_jsonb_sql(TG_RELID, 'n', ARRAY['password_hash']);
      old_json text := waymark_row_jsonb_sql(TG_RELID, 'o', ARRAY['password_hash']);
    BEGIN
      IF TG_OP = 'INSERT' THEN
        EXECUTE format($q$INSERT INTO audit_log (actor_id, action, table_name, row_id, before, after)
          SELECT $1, 'insert', $2, waymark_audit_row_id(j), NULL, j
          FROM (SELECT %s AS j FROM new_rows n OFFSET 0) t$q$, new_json) USING actor, TG_TABLE_NAME;
      ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format($q$INSERT INTO audit_log (actor_id, action, table_name, row_id, before, after)
          SELECT $1, 'delete', $2, waymark_audit_row_id(j), j, NULL
          FROM (SELECT %s AS j FROM old_rows o OFFSET 0) t$q$, old_json) USING actor, TG_TABLE_NAME;
      ELSE
        EXECUTE format($q$INSERT INTO audit_log (actor_id, action, table_name, row_id, before, after)
          SELECT $1, 'update', $2, waymark_audit_row_id(a.j), b.j, a.j
          FROM (SELECT %s AS j, row_number() OVER () AS ord FROM new_rows n) a
          JOIN (SELECT %s AS j FROM old_rows o OFFSET 0) b ON waymark_row_key(b.j, $3) = waymark_row_key(a.j, $3)
          WHERE b.j IS DISTINCT FROM a.j
          ORDER BY a.ord$q$, new_json, old_json) USING actor, TG_TABLE_NAME, TG_ARGV;
      END IF;
      RETURN NULL;
    END $$;
  `);
  for (const table of AUDITED) {
    await knex.raw('DROP TRIGGER IF EXISTS ?? ON ??', [`${table}_audit`, table]);
    await auditTableByStatement(knex, table);
  }

  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_asset_site_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM waymark_refresh_site_sensitivity(ARRAY(SELECT DISTINCT site_id FROM new_links));
      ELSE
        PERFORM waymark_refresh_site_sensitivity(ARRAY(SELECT DISTINCT site_id FROM old_links));
      END IF;
      RETURN NULL;
    END $$;
  `);
  await knex.raw('DROP TRIGGER IF EXISTS asset_site_sensitivity ON asset_site');
  await knex.raw(`CREATE TRIGGER asset_site_sensitivity AFTER INSERT ON asset_site
    REFERENCING NEW TABLE AS new_links FOR EACH STATEMENT EXECUTE FUNCTION waymark_asset_site_links_changed()`);
  await knex.raw(`CREATE TRIGGER asset_site_sensitivity_delete AFTER DELETE ON asset_site
    REFERENCING OLD TABLE AS old_links FOR EACH STATEMENT EXECUTE FUNCTION waymark_asset_site_links_changed()`);
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_site_changed()');

  // Column lists are not allowed with transition tables, so the statement filter does what `OF sensitive, status` + WHEN did.
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_assets_sensitivity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM waymark_refresh_site_sensitivity(ARRAY(
        SELECT DISTINCT l.site_id
        FROM new_assets n JOIN old_assets o ON o.id = n.id JOIN asset_site l ON l.asset_id = n.id
        WHERE o.sensitive IS DISTINCT FROM n.sensitive OR o.status IS DISTINCT FROM n.status));
      RETURN NULL;
    END $$;
  `);
  await knex.raw('DROP TRIGGER IF EXISTS asset_sensitivity ON asset');
  await knex.raw(`CREATE TRIGGER asset_sensitivity AFTER UPDATE ON asset
    REFERENCING OLD TABLE AS old_assets NEW TABLE AS new_assets FOR EACH STATEMENT EXECUTE FUNCTION waymark_assets_sensitivity_changed()`);
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_sensitivity_changed()');

  // Once per transaction: the flag is transaction-local, so it is gone at commit or rollback.
  await knex.raw(`CREATE OR REPLACE FUNCTION waymark_bump_read_cache_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF current_setting('waymark.read_cache_bumped', true) IS DISTINCT FROM 'yes' THEN
        UPDATE read_cache_version SET version = version + 1 WHERE id = 1;
        PERFORM set_config('waymark.read_cache_bumped', 'yes', true);
      END IF;
      RETURN NULL;
    END $$`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`CREATE OR REPLACE FUNCTION waymark_bump_read_cache_version() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE read_cache_version SET version = version + 1 WHERE id = 1;
      RETURN NULL;
    END $$`);

  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_asset_sensitivity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM waymark_refresh_site_sensitivity(ARRAY(SELECT site_id FROM asset_site WHERE asset_id = NEW.id));
      RETURN NULL;
    END $$;
  `);
  await knex.raw('DROP TRIGGER IF EXISTS asset_sensitivity ON asset');
  await knex.raw(`CREATE TRIGGER asset_sensitivity AFTER UPDATE OF sensitive, status ON asset
    FOR EACH ROW WHEN (OLD.sensitive IS DISTINCT FROM NEW.sensitive OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION waymark_asset_sensitivity_changed()`);
  await knex.raw('DROP FUNCTION IF EXISTS waymark_assets_sensitivity_changed()');

  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_asset_site_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM waymark_refresh_site_sensitivity(ARRAY[coalesce(NEW.site_id, OLD.site_id)]);
      RETURN NULL;
    END $$;
  `);
  await knex.raw('DROP TRIGGER IF EXISTS asset_site_sensitivity_delete ON asset_site');
  await knex.raw('DROP TRIGGER IF EXISTS asset_site_sensitivity ON asset_site');
  await knex.raw(`CREATE TRIGGER asset_site_sensitivity AFTER INSERT OR DELETE ON asset_site
    FOR EACH ROW EXECUTE FUNCTION waymark_asset_site_changed()`);
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_site_links_changed()');

  for (const table of AUDITED) {
    for (const op of ['insert', 'update', 'delete']) await knex.raw('DROP TRIGGER IF EXISTS ?? ON ??', [`${table}_audit_${op}`, table]);
    await knex.raw(`CREATE TRIGGER ?? AFTER INSERT OR UPDATE OR DELETE ON ?? FOR EACH ROW EXECUTE FUNCTION waymark_audit()`, [`${table}_audit`, table]);
  }
  await knex.raw('DROP FUNCTION IF EXISTS waymark_audit_statement()');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_row_jsonb_sql(regclass, text, text[])');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_geojsonb(geometry)');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_audit_row_id(jsonb)');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_row_key(jsonb, text[])');
}
