import type { Knex } from 'knex';

/**
 * Masking that holds up against an observer who also knows the outward postcode we show
 * (issue 5, items 3 and 4). Still kept entirely by triggers, so every write path (API,
 * seeds, imports, bulk loads) gets it right.
 *
 * Masking cell (waymark_site_geometries, sensitive sites only): the smallest of
 *   1 km BNG cell  →  2 km BNG cell  →  the outward code's area
 * that holds at least k live postcodes of the site's outward code (k =
 * partnership.mask_min_postcodes, default 20), so "cell + outward code" never narrows a
 * refuge to fewer than k postcodes. `geom_grid` is that cell's centre (for the outward
 * code, the mean of its live postcodes), `geom_mask_area` the cell itself (duplicate
 * matching for non-privileged viewers uses it, never the exact point) and
 * `location_precision` says which was used.
 * With no live postcodes loaded at all there is nothing to count: the 1 km cell is kept
 * (the behaviour before this migration) — see docs/privacy.md.
 *
 * Sensitivity (waymark_refresh_site_sensitivity): only a PUBLISHED sensitive asset makes
 * its site sensitive, so a volunteer's pending (or a rejected or archived) record cannot
 * hide a published place; it re-runs when an asset's status changes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('partnership', (t) => {
    t.integer('mask_min_postcodes').notNullable().defaultTo(20);
  });
  await knex.raw('ALTER TABLE partnership ADD CONSTRAINT partnership_mask_min_postcodes_check CHECK (mask_min_postcodes BETWEEN 1 AND 10000)');
  await knex.schema.alterTable('site', (t) => {
    t.text('location_precision').notNullable().defaultTo('grid_1km');
    t.specificType('geom_mask_area', 'geometry(Geometry,4326)').nullable();
  });
  await knex.raw(`ALTER TABLE site ADD CONSTRAINT site_location_precision_check CHECK (location_precision IN ('grid_1km', 'grid_2km', 'outward_code'))`);

  // Non-privileged duplicate checks match sensitive sites by their masking area.
  await knex.raw('CREATE INDEX site_geog_mask_area_gist ON site USING gist ((geom_mask_area::geography)) WHERE sensitive');
  // Counting postcodes in a cell and in an outward code must not scan the whole table.
  await knex.raw('CREATE INDEX IF NOT EXISTS postcode_geom_gist ON postcode USING gist (geom)');
  await knex.raw(`CREATE INDEX IF NOT EXISTS postcode_outward_idx ON postcode ((split_part(postcode, ' ', 1))) WHERE terminated_on IS NULL`);

  // Live postcodes (of one outward code, or any when null) inside the `size` m BNG cell holding p (EPSG:27700).
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_live_postcodes_in_cell(p geometry, size float8, outward text) RETURNS integer LANGUAGE sql STABLE AS $$
      SELECT count(*)::integer FROM postcode pc
      WHERE pc.terminated_on IS NULL
        AND (outward IS NULL OR split_part(pc.postcode, ' ', 1) = outward)
        AND pc.geom && ST_Transform(ST_MakeEnvelope(
              floor(ST_X(p) / size) * size - 50, floor(ST_Y(p) / size) * size - 50,
              floor(ST_X(p) / size) * size + size + 50, floor(ST_Y(p) / size) * size + size + 50, 27700), 4326)
        AND floor(ST_X(ST_Transform(pc.geom, 27700)) / size) = floor(ST_X(p) / size)
        AND floor(ST_Y(ST_Transform(pc.geom, 27700)) / size) = floor(ST_Y(p) / size)
    $$;
  `);
  // The `size` m BNG cell holding p (EPSG:27700), as a WGS84 polygon (edges densified so they stay on the grid lines).
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_cell_area(p geometry, size float8) RETURNS geometry LANGUAGE sql IMMUTABLE AS $$
      SELECT ST_Transform(ST_Segmentize(ST_MakeEnvelope(
        floor(ST_X(p) / size) * size, floor(ST_Y(p) / size) * size,
        floor(ST_X(p) / size) * size + size, floor(ST_Y(p) / size) * size + size, 27700), 100), 4326)
    $$;
  `);

  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_site_geometries() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      p geometry := ST_Transform(NEW.geom, 27700);
      k integer;
      outward text := nullif(split_part(upper(btrim(coalesce(NEW.postcode, ''))), ' ', 1), '');
    BEGIN
      NEW.geom_grid := ST_Transform(ST_SnapToGrid(p, 500, 500, 1000, 1000), 4326);
      NEW.location_precision := 'grid_1km';
      NEW.geom_mask_area := NULL;
      IF NEW.sensitive THEN
        NEW.geom_mask_area := waymark_cell_area(p, 1000);
        IF EXISTS (SELECT 1 FROM postcode WHERE terminated_on IS NULL) THEN
          SELECT mask_min_postcodes INTO k FROM partnership WHERE id = NEW.partnership_id;
          k := coalesce(k, 20);
          IF waymark_live_postcodes_in_cell(p, 1000, outward) >= k THEN
            NULL; -- the 1 km cell already hides it among k postcodes
          ELSIF waymark_live_postcodes_in_cell(p, 2000, outward) >= k THEN
            NEW.geom_grid := ST_Transform(ST_SnapToGrid(p, 1000, 1000, 2000, 2000), 4326);
            NEW.geom_mask_area := waymark_cell_area(p, 2000);
            NEW.location_precision := 'grid_2km';
          ELSE
            -- A postcode the table does not know (or none): the outward code of the nearest live postcode.
            IF outward IS NULL OR NOT EXISTS (SELECT 1 FROM postcode WHERE terminated_on IS NULL AND split_part(postcode, ' ', 1) = outward) THEN
              SELECT split_part(pc.postcode, ' ', 1) INTO outward FROM postcode pc
              WHERE pc.terminated_on IS NULL ORDER BY pc.geom <-> NEW.geom, pc.postcode LIMIT 1;
            END IF;
            SELECT ST_Centroid(ST_Collect(pc.geom)), ST_ConvexHull(ST_Collect(pc.geom)) INTO NEW.geom_grid, NEW.geom_mask_area
            FROM postcode pc WHERE pc.terminated_on IS NULL AND split_part(pc.postcode, ' ', 1) = outward;
            NEW.location_precision := 'outward_code';
          END IF;
        END IF;
      END IF;
      NEW.geom_public := CASE WHEN NEW.sensitive THEN NEW.geom_grid ELSE NEW.geom END;
      RETURN NEW;
    END $$;
  `);
  await knex.raw('DROP TRIGGER IF EXISTS site_geometries ON site');
  await knex.raw(`CREATE TRIGGER site_geometries BEFORE INSERT OR UPDATE OF geom, sensitive, postcode, partnership_id ON site
    FOR EACH ROW EXECUTE FUNCTION waymark_site_geometries()`);

  // Re-mask every sensitive site (after postcodes are loaded or k changes).
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_refresh_site_masks() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE site SET geom = geom WHERE sensitive;
      RETURN NULL;
    END $$;
  `);
  await knex.raw(`CREATE TRIGGER postcode_masks AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON postcode
    FOR EACH STATEMENT EXECUTE FUNCTION waymark_refresh_site_masks()`);
  await knex.raw(`CREATE TRIGGER partnership_masks AFTER UPDATE OF mask_min_postcodes ON partnership
    FOR EACH STATEMENT EXECUTE FUNCTION waymark_refresh_site_masks()`);

  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_refresh_site_sensitivity(site_ids uuid[]) RETURNS void LANGUAGE sql AS $$
      UPDATE site s SET sensitive = v.sensitive
      FROM (
        SELECT s2.id, coalesce(bool_or(a.sensitive AND a.status = 'published'), false) AS sensitive
        FROM site s2
        LEFT JOIN asset_site l ON l.site_id = s2.id
        LEFT JOIN asset a ON a.id = l.asset_id
        WHERE s2.id = ANY (site_ids)
        GROUP BY s2.id
      ) v
      WHERE s.id = v.id AND s.sensitive IS DISTINCT FROM v.sensitive
    $$;
  `);
  await knex.raw('DROP TRIGGER IF EXISTS asset_sensitivity ON asset');
  await knex.raw(`CREATE TRIGGER asset_sensitivity AFTER UPDATE OF sensitive, status ON asset
    FOR EACH ROW WHEN (OLD.sensitive IS DISTINCT FROM NEW.sensitive OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION waymark_asset_sensitivity_changed()`);

  // Backfill: sensitivity under the new rule, then every sensitive site's cell.
  await knex.raw(`SELECT waymark_refresh_site_sensitivity(ARRAY(SELECT id FROM site))`);
  await knex.raw(`UPDATE site SET geom = geom WHERE sensitive`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TRIGGER IF EXISTS asset_sensitivity ON asset');
  await knex.raw(`CREATE TRIGGER asset_sensitivity AFTER UPDATE OF sensitive ON asset
    FOR EACH ROW WHEN (OLD.sensitive IS DISTINCT FROM NEW.sensitive) EXECUTE FUNCTION waymark_asset_sensitivity_changed()`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_refresh_site_sensitivity(site_ids uuid[]) RETURNS void LANGUAGE sql AS $$
      UPDATE site s SET sensitive = v.sensitive
      FROM (
        SELECT s2.id, coalesce(bool_or(a.sensitive), false) AS sensitive
        FROM site s2 LEFT JOIN asset_site l ON l.site_id = s2.id LEFT JOIN asset a ON a.id = l.asset_id
        WHERE s2.id = ANY (site_ids) GROUP BY s2.id
      ) v
      WHERE s.id = v.id AND s.sensitive IS DISTINCT FROM v.sensitive
    $$;
  `);
  await knex.raw('DROP TRIGGER IF EXISTS partnership_masks ON partnership');
  await knex.raw('DROP TRIGGER IF EXISTS postcode_masks ON postcode');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_refresh_site_masks()');
  await knex.raw('DROP TRIGGER IF EXISTS site_geometries ON site');
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
  await knex.raw('DROP FUNCTION IF EXISTS waymark_cell_area(geometry, float8)');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_live_postcodes_in_cell(geometry, float8, text)');
  await knex.raw('DROP INDEX IF EXISTS postcode_outward_idx');
  await knex.raw('DROP INDEX IF EXISTS site_geog_mask_area_gist');
  await knex.raw('DROP INDEX IF EXISTS postcode_geom_gist');
  await knex.raw('ALTER TABLE site DROP CONSTRAINT IF EXISTS site_location_precision_check');
  await knex.schema.alterTable('site', (t) => {
    t.dropColumn('geom_mask_area');
    t.dropColumn('location_precision');
  });
  await knex.schema.alterTable('partnership', (t) => t.dropColumn('mask_min_postcodes'));
}
