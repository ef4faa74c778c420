import type { Knex } from 'knex';

/**
 * Masking belongs to the place, not only to the service: a site is sensitive when any
 * asset that uses it is sensitive, so a co-located, non-sensitive service can never
 * publish a refuge's exact point or address. Triggers keep it true on every write path
 * (API, seeds, imports):
 *   - site BEFORE INSERT/UPDATE: geom_grid = centre of the 1 km British National Grid
 *     cell holding geom; geom_public = geom_grid if sensitive, else geom;
 *   - asset_site AFTER INSERT/DELETE and asset AFTER UPDATE OF sensitive: recompute the
 *     sensitivity of the sites concerned.
 * Public reads then filter one indexed column (geom_public) with no join to asset.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('site', (t) => {
    t.boolean('sensitive').notNullable().defaultTo(false);
    t.specificType('geom_public', 'geometry(Point,4326)').nullable();
  });

  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_site_geometries() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.geom_grid := ST_Transform(ST_SnapToGrid(ST_Transform(NEW.geom, 27700), 500, 500, 1000, 1000), 4326);
      NEW.geom_public := CASE WHEN NEW.sensitive THEN NEW.geom_grid ELSE NEW.geom END;
      RETURN NEW;
    END $$;
  `);
  await knex.raw(`CREATE TRIGGER site_geometries BEFORE INSERT OR UPDATE OF geom, sensitive ON site
    FOR EACH ROW EXECUTE FUNCTION waymark_site_geometries()`);

  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_refresh_site_sensitivity(site_ids uuid[]) RETURNS void LANGUAGE sql AS $$
      UPDATE site s SET sensitive = v.sensitive
      FROM (
        SELECT s2.id, coalesce(bool_or(a.sensitive), false) AS sensitive
        FROM site s2
        LEFT JOIN asset_site l ON l.site_id = s2.id
        LEFT JOIN asset a ON a.id = l.asset_id
        WHERE s2.id = ANY (site_ids)
        GROUP BY s2.id
      ) v
      WHERE s.id = v.id AND s.sensitive IS DISTINCT FROM v.sensitive
    $$;
  `);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_asset_site_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM waymark_refresh_site_sensitivity(ARRAY[coalesce(NEW.site_id, OLD.site_id)]);
      RETURN NULL;
    END $$;
  `);
  await knex.raw(`CREATE TRIGGER asset_site_sensitivity AFTER INSERT OR DELETE ON asset_site
    FOR EACH ROW EXECUTE FUNCTION waymark_asset_site_changed()`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_asset_sensitivity_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM waymark_refresh_site_sensitivity(ARRAY(SELECT site_id FROM asset_site WHERE asset_id = NEW.id));
      RETURN NULL;
    END $$;
  `);
  await knex.raw(`CREATE TRIGGER asset_sensitivity AFTER UPDATE OF sensitive ON asset
    FOR EACH ROW WHEN (OLD.sensitive IS DISTINCT FROM NEW.sensitive) EXECUTE FUNCTION waymark_asset_sensitivity_changed()`);

  // Backfill what exists, then require it.
  await knex.raw(`UPDATE site SET geom = geom`);
  await knex.raw(`SELECT waymark_refresh_site_sensitivity(ARRAY(SELECT id FROM site))`);
  await knex.raw(`ALTER TABLE site ALTER COLUMN geom_public SET NOT NULL`);

  await knex.raw('DROP INDEX IF EXISTS site_geom_grid_gist');
  await knex.raw('DROP INDEX IF EXISTS site_geog_grid_gist');
  await knex.raw('CREATE INDEX site_geom_public_gist ON site USING gist (geom_public)');
  await knex.raw('CREATE INDEX site_geog_public_gist ON site USING gist ((geom_public::geography))');
  // Covering: site → its assets by index alone, which is how spatial filters reach assets.
  await knex.raw('DROP INDEX IF EXISTS asset_site_site_id_index');
  await knex.raw('CREATE INDEX asset_site_site_asset_idx ON asset_site (site_id, asset_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS asset_site_site_asset_idx');
  await knex.raw('CREATE INDEX asset_site_site_id_index ON asset_site (site_id)');
  await knex.raw('DROP INDEX IF EXISTS site_geog_public_gist');
  await knex.raw('DROP INDEX IF EXISTS site_geom_public_gist');
  await knex.raw('CREATE INDEX site_geom_grid_gist ON site USING gist (geom_grid)');
  await knex.raw('CREATE INDEX site_geog_grid_gist ON site USING gist ((geom_grid::geography))');
  await knex.raw('DROP TRIGGER IF EXISTS asset_sensitivity ON asset');
  await knex.raw('DROP TRIGGER IF EXISTS asset_site_sensitivity ON asset_site');
  await knex.raw('DROP TRIGGER IF EXISTS site_geometries ON site');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_sensitivity_changed()');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_asset_site_changed()');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_refresh_site_sensitivity(uuid[])');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_site_geometries()');
  await knex.schema.alterTable('site', (t) => {
    t.dropColumn('geom_public');
    t.dropColumn('sensitive');
  });
}
