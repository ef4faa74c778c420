/**
 * waymark_public_listing's SQL, generated: every public box or circle listing (JSON or
 * GeoJSON, any filter, any sort) as one PL/pgSQL function whose shape × sort × body
 * branches are each a static statement, so each keeps its own (generic) plan for the
 * session. The branches differ only in their page query and body, so they are written
 * out from the pieces below; `npx tsx scripts/generate-public-listing.ts` writes
 * sql/public_listing.sql, which is committed, and public-listing-sql.test.ts fails when
 * the two differ. Why a function, and why the generic plan: docs/decisions/0004-listing-and-tile-plans.md.
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
 * when it has several (one pass, no materialised page). `ord` numbers the matches before
 * LIMIT/OFFSET cut the page out, so a page's ords run without gaps and max − min + 1
 * counts its assets without a sort.
 */
const featuresSql = (page: string) => `SELECT coalesce('[' || string_agg('{"type":"Feature","id":' || (_first_id + x.i - 1)::text || ',' || x.tail, ',' ORDER BY x.i) || ']', '[]'),
         coalesce(max(x.ord) - min(x.ord) + 1, 0)::int
  FROM (
    SELECT page.ord, coalesce(s.feature_tail, page.feature_tail) AS tail,
           row_number() OVER (ORDER BY page.ord, coalesce(s.site_created_at, page.site_created_at), coalesce(s.site_id, page.site_id)) AS i
    FROM (${page}) page
    LEFT JOIN LATERAL (
      SELECT s.feature_tail, s.site_created_at, s.site_id FROM public_asset_site s
      WHERE page.sites_n IS DISTINCT FROM 1 AND s.asset_id = page.asset_id
    ) s ON true
  ) x`;

const HEADER = `-- GENERATED by scripts/generate-public-listing.ts from server/assets/public/public-listing-sql.ts: edit that, then run it.
-- A public box or circle listing's whole body (JSON items or GeoJSON features) and how many
-- assets it holds, in one call, reading only the read model (public points). Always on its
-- generic plan: see docs/decisions/0004-listing-and-tile-plans.md.
`;

/** pg_get_functiondef's form, so the file reads back exactly from the database (test/api/routine-drift.test.ts). */
const SIGNATURE = `CREATE OR REPLACE FUNCTION public.waymark_public_listing(_kind text, _sort text, _pid uuid, _x0 double precision, _y0 double precision, _x1 double precision, _y1 double precision, _lng double precision, _lat double precision, _metres double precision, _categories text[], _who_for text[], _peer_led boolean, _sensitive boolean, _tags text[], _org uuid, _since timestamp with time zone, _q text, _like text, _lim integer, _off integer, _first_id bigint, _stale_after interval)
 RETURNS TABLE(body text, returned integer)
 LANGUAGE plpgsql
 STABLE
 SET plan_cache_mode TO 'force_generic_plan'`;

/** The whole of sql/public_listing.sql. */
export function publicListingSqlFile(): string {
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
  return `${HEADER}${SIGNATURE}
AS $function$
    #variable_conflict use_column
    DECLARE
      _shape text := CASE WHEN _lng IS NOT NULL THEN 'near' WHEN _x0 IS NOT NULL THEN 'box' END;
      _box geometry := ST_MakeEnvelope(_x0, _y0, _x1, _y1, 4326);
      _at geography := ST_SetSRID(ST_MakePoint(_lng, _lat), 4326)::geography;
    BEGIN
    ${branches.join('\n    ')}
      RAISE EXCEPTION 'waymark_public_listing: no listing for shape %, sort %, kind %', _shape, _sort, _kind;
    END $function$;
`;
}
