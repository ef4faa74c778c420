import type { Knex } from 'knex';

/**
 * Cheaper bulk writes (issue 9's 100,000-row import), every row, audit entry, version and
 * read-model row unchanged:
 *
 * - asset_name_trgm (gin on the plain name) goes: every search, listing and duplicate
 *   query on asset names compares waymark_fold(name), which asset_name_fold_trgm_idx
 *   serves (server/assets/repo.ts, duplicates-repo.ts; public reads use public_asset's
 *   own index). Each imported asset paid for two trigram GIN entries.
 * - waymark_geojsonb builds the same jsonb from one text (the GeoJSON with its crs member
 *   spliced in before the closing brace) instead of parsing two and concatenating them:
 *   1.8 µs less per geometry, and a site's audit row and version snapshot hold four.
 *   Checked equal (jsonb and its text) over 20,000 points and 600 polygons, nulls and
 *   other SRIDs.
 * - An audit image drops only the omitted keys the table has (password_hash is app_user's):
 *   jsonb minus a key it lacks is the same value, but decoded and re-encoded, 1.7 µs an
 *   asset row.
 * - The read-model triggers on INSERT look only at assets that can be in it: a new asset
 *   is there only if published; a new link matters only to an asset that is published or
 *   already has rows (a pending import writes nothing there, and no longer rebuilds
 *   nothing for 100,000 ids).
 * - Site sensitivity after new links: a link can only make a site sensitive, so only the
 *   sites newly linked to a sensitive published asset (or already sensitive) are
 *   recomputed; the others' answer cannot change.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS asset_name_trgm');

  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_geojsonb(g geometry) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN g IS NULL THEN NULL
        WHEN ST_SRID(g) = 4326 THEN (left(ST_AsGeoJSON(g, 15, 0), -1) || ',"crs":{"type":"name","properties":{"name":"EPSG:4326"}}}')::jsonb
        ELSE to_jsonb(g) END
    $$;
  `);

  await knex.raw(rowJsonbSql(`(SELECT format('to_jsonb(%I)', alias) || coalesce(string_agg(format(' - %L', o), ''), '') FROM unnest(omit) AS o
             WHERE o IN (SELECT attname FROM pg_attribute WHERE attrelid = tbl AND attnum > 0 AND NOT attisdropped))`));

  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_public_asset_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM waymark_refresh_public_assets(ARRAY(SELECT DISTINCT c.id FROM changed c WHERE c.status = 'published'));
      RETURN NULL;
    END $$;
  `);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_public_asset_site_insert() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM waymark_refresh_public_assets(ARRAY(
        SELECT DISTINCT c.asset_id FROM changed c JOIN asset a ON a.id = c.asset_id
        WHERE a.status = 'published' OR EXISTS (SELECT 1 FROM public_asset p WHERE p.asset_id = c.asset_id)));
      RETURN NULL;
    END $$;
  `);

  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_asset_site_links_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        PERFORM waymark_refresh_site_sensitivity(ARRAY(
          SELECT DISTINCT l.site_id FROM new_links l JOIN asset a ON a.id = l.asset_id JOIN site s ON s.id = l.site_id
          WHERE (a.sensitive AND a.status = 'published') OR s.sensitive));
      ELSE
        PERFORM waymark_refresh_site_sensitivity(ARRAY(SELECT DISTINCT site_id FROM old_links));
      END IF;
      RETURN NULL;
    END $$;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(rowJsonbSql(`(SELECT format('to_jsonb(%I)', alias) || coalesce(string_agg(format(' - %L', o), ''), '') FROM unnest(omit) AS o)`));
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
  for (const [fn, ids] of [['waymark_public_asset_insert', 'SELECT id FROM changed'], ['waymark_public_asset_site_insert', 'SELECT asset_id FROM changed']]) {
    await knex.raw(`
      CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM waymark_refresh_public_assets(ARRAY(SELECT DISTINCT t.id FROM (${ids}) AS t(id)));
        RETURN NULL;
      END $$;
    `);
  }
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_geojsonb(g geometry) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE
        WHEN g IS NULL THEN NULL
        WHEN ST_SRID(g) = 4326 THEN ST_AsGeoJSON(g, 15, 0)::jsonb || '{"crs": {"type": "name", "properties": {"name": "EPSG:4326"}}}'::jsonb
        ELSE to_jsonb(g) END
    $$;
  `);
  await knex.raw('CREATE INDEX IF NOT EXISTS asset_name_trgm ON asset USING gin (name gin_trgm_ops)');
}

/** waymark_row_jsonb_sql as migration 2026120110 made it, with `plain`: the SQL for a table without geometries. */
const rowJsonbSql = (plain: string) => `
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
        ELSE ${plain} END
    $$;
  `;
