import type { Knex } from 'knex';

/**
 * The public listings' text, written once per write instead of once per read (issue 10).
 *
 * A map's box listing read each match's `doc` from public_asset (a second index look-up
 * per match) and serialised jsonb to text, and its GeoJSON built every feature with
 * json_build_object, on every request. pgbench on 200,000 assets, one 83-match box, 8
 * connections: 1,072 tps (JSON) and 1,247 (GeoJSON) that way, 3,480 and 4,293 reading
 * text kept here. So each public_asset_site row now carries, as text:
 *
 *   item_head     the asset's public record (public_asset.doc as text) without its closing
 *                 brace; a listing appends `"stale"` (which moves with the clock, so from
 *                 `verified_at` at read time) and, when near, `"distanceMetres"`;
 *   feature_tail  this site's GeoJSON feature after its opening brace (geometry: the
 *                 PUBLIC point, as everywhere in the read model, and the map's properties);
 *                 a listing prefixes `{"type":"Feature","id":n,` (ids depend on the page).
 *
 * Both are derived like every other column here (waymark_public_asset_site_rows), so the
 * statement-level triggers of migration 2026120120 keep them right, and the read-model
 * comparison tests cover them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE public_asset_site
    ADD COLUMN verified_at timestamptz,
    ADD COLUMN item_head text,
    ADD COLUMN feature_tail text`);
  // Reads public_asset, which waymark_refresh_public_assets brings up to date first, in
  // an earlier statement of the same call (so this statement's snapshot sees it).
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_public_asset_site_rows(ids uuid[]) RETURNS SETOF public_asset_site LANGUAGE sql STABLE AS $$
      SELECT r.asset_id, r.site_id, r.partnership_id, r.geom, r.site_created_at, r.sites_n, r.name, r.category, r.who_for,
             r.peer_led, r.sensitive, r.location_precision, r.organisation_name, r.venue_name,
             p.verified_at, left(p.doc::text, -1),
             substr(json_build_object(
               'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(r.geom), ST_Y(r.geom))),
               'properties', json_build_object(
                 'assetId', r.asset_id, 'siteId', r.site_id, 'name', r.name, 'category', r.category, 'status', 'published',
                 'sensitive', r.sensitive, 'locationPrecision', r.location_precision, 'peerLed', r.peer_led,
                 'whoFor', to_json(r.who_for), 'organisationName', r.organisation_name, 'venueName', r.venue_name))::text, 2)
      FROM (
        SELECT a.id AS asset_id, s.id AS site_id, a.partnership_id, s.geom_public AS geom, s.created_at AS site_created_at,
               (count(*) OVER (PARTITION BY a.id))::integer AS sites_n, a.name, a.category, a.who_for, a.peer_led, a.sensitive,
               CASE WHEN s.sensitive THEN s.location_precision ELSE 'exact' END AS location_precision,
               CASE WHEN a.organisation_id IS NULL OR o.status IS DISTINCT FROM 'published' THEN NULL ELSE coalesce(o.name, '') END AS organisation_name,
               CASE WHEN s.sensitive THEN NULL ELSE s.venue_name END AS venue_name
        FROM asset a JOIN asset_site x ON x.asset_id = a.id JOIN site s ON s.id = x.site_id
        LEFT JOIN organisation o ON o.id = a.organisation_id
        WHERE a.id = ANY (ids) AND a.status = 'published'
      ) r JOIN public_asset p ON p.asset_id = r.asset_id
    $$;
  `);
  await knex.raw(`SELECT waymark_refresh_public_assets(ARRAY(SELECT asset_id FROM public_asset))`);
  await knex.raw(`ALTER TABLE public_asset_site
    ALTER COLUMN verified_at SET NOT NULL,
    ALTER COLUMN item_head SET NOT NULL,
    ALTER COLUMN feature_tail SET NOT NULL`);
}

export async function down(knex: Knex): Promise<void> {
  // A SQL function's body is not tracked as depending on the columns, so they can go first.
  await knex.raw('ALTER TABLE public_asset_site DROP COLUMN verified_at, DROP COLUMN item_head, DROP COLUMN feature_tail');
  await knex.raw(`
    CREATE OR REPLACE FUNCTION waymark_public_asset_site_rows(ids uuid[]) RETURNS SETOF public_asset_site LANGUAGE sql STABLE AS $$
      SELECT a.id, s.id, a.partnership_id, s.geom_public, s.created_at,
             (count(*) OVER (PARTITION BY a.id))::integer, a.name, a.category, a.who_for, a.peer_led, a.sensitive,
             CASE WHEN s.sensitive THEN s.location_precision ELSE 'exact' END,
             CASE WHEN a.organisation_id IS NULL OR o.status IS DISTINCT FROM 'published' THEN NULL ELSE coalesce(o.name, '') END,
             CASE WHEN s.sensitive THEN NULL ELSE s.venue_name END
      FROM asset a JOIN asset_site x ON x.asset_id = a.id JOIN site s ON s.id = x.site_id
      LEFT JOIN organisation o ON o.id = a.organisation_id
      WHERE a.id = ANY (ids) AND a.status = 'published'
    $$;
  `);
}
