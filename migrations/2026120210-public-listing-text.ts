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
 * comparison tests cover them. Both are written all-ASCII (waymark_json_ascii).
 *
 * And waymark_public_listing: every box or circle listing (JSON or GeoJSON, any filter,
 * any sort) as one PL/pgSQL call, so its statements' plans are kept per session.
 */
type Shape = 'box' | 'near';
type Sort = 'none' | 'name' | 'match' | 'distance';
/** The sorts each shape takes (as server/assets/public-repo.ts effectiveSort resolves them). */
const SHAPES: [Shape, Sort[]][] = [['box', ['none', 'name', 'match']], ['near', ['distance', 'name', 'none', 'match']]];

// Filters a listing may add; a NULL parameter is "no filter". The asset-only ones look up
// public_asset, only when one is given.
const FILTERS = `ps.partnership_id = _pid
  AND (_categories IS NULL OR ps.category = ANY (_categories))
  AND (_who_for IS NULL OR ps.who_for && _who_for)
  AND (_peer_led IS NULL OR ps.peer_led = _peer_led)
  AND (_sensitive IS NULL OR ps.sensitive = _sensitive)
  AND ((_tags IS NULL AND _org IS NULL AND _since IS NULL AND _q IS NULL) OR EXISTS (
    SELECT 1 FROM public_asset p WHERE p.asset_id = ps.asset_id
      AND (_tags IS NULL OR p.tags && _tags)
      AND (_org IS NULL OR p.organisation_id = _org)
      AND (_since IS NULL OR p.updated_at >= _since)
      AND (_q IS NULL OR waymark_fold(p.name) LIKE waymark_fold(_like)
           OR waymark_fold(coalesce(p.description, '')) LIKE waymark_fold(_like)
           OR waymark_fold(p.name) % waymark_fold(_q))))`;

const PAGE_COLUMNS = 'asset_id, d, item_head, verified_at, sites_n, feature_tail, site_created_at, site_id';

function orderOf(on: string, sort: Sort): string | null {
  if (sort === 'name') return `${on}.name, ${on}.asset_id`;
  if (sort === 'match') return `similarity(waymark_fold(${on}.name), waymark_fold(_q)) DESC, ${on}.asset_id`;
  if (sort === 'distance') return `${on}.d, ${on}.asset_id`;
  return null;
}

/** A page of assets (PAGE_COLUMNS and `ord`) in a box, or in a circle (and, if one is given, with a site in the box too). */
function pageSql(shape: Shape, sort: Sort): string {
  if (shape === 'box') {
    const order = orderOf('ps', sort);
    // An asset with several sites in the box counts once, at its first such site.
    return `SELECT ${PAGE_COLUMNS.split(', ').map((c) => (c === 'd' ? 'NULL::float8 AS d' : `ps.${c}`)).join(', ')},
        row_number() OVER (${order ? `ORDER BY ${order}` : ''}) AS ord
      FROM public_asset_site ps
      WHERE ps.geom && _box AND ${FILTERS}
        AND (ps.sites_n = 1 OR NOT EXISTS (SELECT 1 FROM public_asset_site o
          WHERE o.asset_id = ps.asset_id AND o.geom && _box AND (o.site_created_at, o.site_id) < (ps.site_created_at, ps.site_id)))
      ${order ? `ORDER BY ${order}` : ''} LIMIT _lim OFFSET _off`;
  }
  const order = orderOf('n', sort);
  // An asset counts once, at its nearest site.
  return `SELECT ${PAGE_COLUMNS.split(', ').map((c) => `n.${c}`).join(', ')}, row_number() OVER (${order ? `ORDER BY ${order}` : ''}) AS ord
    FROM (
      SELECT DISTINCT ON (ps.asset_id) ps.name, ${PAGE_COLUMNS.split(', ').map((c) => (c === 'd' ? 'ST_Distance(ps.geom::geography, _at) AS d' : `ps.${c}`)).join(', ')}
      FROM public_asset_site ps
      WHERE ST_DWithin(ps.geom::geography, _at, _metres) AND ${FILTERS}
        AND (_box IS NULL OR EXISTS (SELECT 1 FROM public_asset_site b WHERE b.asset_id = ps.asset_id AND b.geom && _box))
      ORDER BY ps.asset_id, d
    ) n
    ${order ? `ORDER BY ${order}` : ''} LIMIT _lim OFFSET _off`;
}

/** The JSON listing's body: each record's stored text with `stale` (and `distanceMetres`) appended. */
const itemsSql = (page: string) => `WITH page AS (${page})
  SELECT coalesce('[' || string_agg(
           page.item_head || ',"stale":' || (page.verified_at < now() - _stale_after)::text
             || CASE WHEN page.d IS NULL THEN '' ELSE ',"distanceMetres":' || round(page.d::numeric, 1)::text END || '}',
           ',' ORDER BY page.ord) || ']', '[]'),
         count(*)::int
  FROM page`;

/**
 * The GeoJSON body: every site of the page's assets, an asset's other sites looked up only
 * when it has several (one pass, no materialised page: ~10% more tps than a UNION over it).
 */
const featuresSql = (page: string) => `SELECT coalesce('[' || string_agg('{"type":"Feature","id":' || (_first_id + x.i - 1)::text || ',' || x.tail, ',' ORDER BY x.i) || ']', '[]'),
         count(DISTINCT x.ord)::int
  FROM (
    SELECT page.ord, coalesce(s.feature_tail, page.feature_tail) AS tail,
           row_number() OVER (ORDER BY page.ord, coalesce(s.site_created_at, page.site_created_at), coalesce(s.site_id, page.site_id)) AS i
    FROM (${page}) page
    LEFT JOIN LATERAL (
      SELECT s.feature_tail, s.site_created_at, s.site_id FROM public_asset_site s
      WHERE page.sites_n IS DISTINCT FROM 1 AND s.asset_id = page.asset_id
    ) s ON true
  ) x`;

/**
 * waymark_public_listing: a public box or circle listing's whole body, in one call. A
 * PL/pgSQL function, because PL/pgSQL keeps each of its statements' plans for the
 * session: planning this statement took as long as running it (0.45 ms of ~1 ms per
 * request, server log, 83-match box), on every request, on both engines. Each shape ×
 * sort × body is its own static statement, so each keeps its own plan.
 */
function listingFunctionSql(): string {
  const branches: string[] = [];
  for (const [shape, sorts] of SHAPES) {
    for (const sort of sorts) {
      for (const kind of ['items', 'features'] as const) {
        const page = pageSql(shape, sort);
        branches.push(`IF _shape = '${shape}' AND _sort = '${sort}' AND _kind = '${kind}' THEN
      RETURN QUERY ${kind === 'items' ? itemsSql(page) : featuresSql(page)};
      RETURN;
    END IF;`);
      }
    }
  }
  return `CREATE OR REPLACE FUNCTION waymark_public_listing(
      _kind text, _sort text, _pid uuid,
      _x0 float8, _y0 float8, _x1 float8, _y1 float8,
      _lng float8, _lat float8, _metres float8,
      _categories text[], _who_for text[], _peer_led boolean, _sensitive boolean,
      _tags text[], _org uuid, _since timestamptz, _q text, _like text,
      _lim integer, _off integer, _first_id bigint, _stale_after interval)
    RETURNS TABLE (body text, returned integer) LANGUAGE plpgsql STABLE AS $fn$
    #variable_conflict use_column
    DECLARE
      _shape text := CASE WHEN _lng IS NOT NULL THEN 'near' WHEN _x0 IS NOT NULL THEN 'box' END;
      _box geometry := ST_MakeEnvelope(_x0, _y0, _x1, _y1, 4326);
      _at geography := ST_SetSRID(ST_MakePoint(_lng, _lat), 4326)::geography;
    BEGIN
    ${branches.join('\n    ')}
      RAISE EXCEPTION 'waymark_public_listing: no listing for shape %, sort %, kind %', _shape, _sort, _kind;
    END $fn$`;
}

/** waymark_json_ascii as first written (migration 2026120260 replaces it; its down restores this). */
export const JSON_ASCII_BY_CHARACTER = String.raw`
    CREATE OR REPLACE FUNCTION waymark_json_ascii(t text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    BEGIN
      IF t IS NULL OR t !~ '[^\x01-\x7f]' THEN RETURN t; END IF;
      RETURN (
        SELECT string_agg(CASE
                 WHEN ascii(c) < 128 THEN c
                 WHEN ascii(c) < 65536 THEN '\u' || lpad(to_hex(ascii(c)), 4, '0')
                 ELSE '\u' || to_hex(55296 + ((ascii(c) - 65536) >> 10)) || '\u' || to_hex(56320 + ((ascii(c) - 65536) & 1023))
               END, '' ORDER BY i)
        FROM unnest(string_to_array(t, NULL)) WITH ORDINALITY AS x(c, i));
    END $$;
  `;

export async function up(knex: Knex): Promise<void> {
  // JSON text with every non-ASCII character written as its \u escape (a surrogate pair
  // above U+FFFF): the same JSON, but an all-ASCII body. Node decodes and re-encodes each
  // listing body; with a few "é" in 92 KB that took 102 µs + 50 µs, against 10 µs + 31 µs
  // all-ASCII (Buffer.toString, then concatenation and Buffer.from; node 20, 83-item box).
  await knex.raw(JSON_ASCII_BY_CHARACTER);
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
             p.verified_at, waymark_json_ascii(left(p.doc::text, -1)),
             waymark_json_ascii(substr(json_build_object(
               'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(r.geom), ST_Y(r.geom))),
               'properties', json_build_object(
                 'assetId', r.asset_id, 'siteId', r.site_id, 'name', r.name, 'category', r.category, 'status', 'published',
                 'sensitive', r.sensitive, 'locationPrecision', r.location_precision, 'peerLed', r.peer_led,
                 'whoFor', to_json(r.who_for), 'organisationName', r.organisation_name, 'venueName', r.venue_name))::text, 2))
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
  await knex.raw(listingFunctionSql());
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP FUNCTION IF EXISTS waymark_json_ascii(text)');
  await knex.raw('DROP FUNCTION IF EXISTS waymark_public_listing(text, text, uuid, float8, float8, float8, float8, float8, float8, float8, text[], text[], boolean, boolean, text[], uuid, timestamptz, text, text, integer, integer, bigint, interval)');
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
