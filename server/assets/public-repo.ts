import type { Knex } from 'knex';
import type { Bbox } from '../http/params';
import { STALE_AFTER } from './repo';

/**
 * Reads of the public read model (migration 2026120120): what anonymous visitors,
 * commissioners, researchers and volunteers (for published records) are shown. Every
 * point here is already the PUBLIC one (site.geom_public), so nothing below can compute a
 * value from a sensitive place's exact point. The response body is built in SQL and comes
 * back as one text value, which Node sends as it is.
 */
export type ListingSort = 'name' | 'distance' | 'none';

export type PublicFilters = {
  partnershipId: string;
  categories?: string[];
  tags?: string[];
  whoFor?: string[];
  organisationId?: string;
  q?: string;
  bbox?: Bbox;
  near?: { lat: number; lng: number; metres: number };
  updatedSince?: Date;
  peerLed?: boolean;
  sensitive?: boolean;
  /** `name`, `distance` (near only) or `none`; with `q` and no sort, best match first. */
  sort?: ListingSort;
  limit: number;
  offset: number;
};

export type PublicPage = { body: string; returned: number };

type Order = { sql: string; bindings: string[] };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const envelope = (knex: Knex, b: Bbox) => knex.raw('ST_MakeEnvelope(?, ?, ?, ?, 4326)', [b.minLng, b.minLat, b.maxLng, b.maxLat]);
const point = (knex: Knex, lng: number, lat: number) => knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography', [lng, lat]);

/** Whether the filters need public_asset itself (`p`), not only the site rows (`ps`). */
const needsAssetRow = (f: PublicFilters) => Boolean(f.tags?.length || f.organisationId || f.updatedSince || f.q);

/** Filters on public_asset (`p`); site-level ones (category, who-for …) use `ps` when sites are scanned. */
function assetFilters(knex: Knex, q: Knex.QueryBuilder, f: PublicFilters, on: 'p' | 'ps'): void {
  q.where(`${on}.partnership_id`, f.partnershipId);
  if (f.categories?.length) q.whereIn(`${on}.category`, f.categories);
  if (f.whoFor?.length) q.where(knex.raw(`${on}.who_for && ?::text[]`, [f.whoFor]));
  if (f.peerLed !== undefined) q.where(`${on}.peer_led`, f.peerLed);
  if (f.sensitive !== undefined) q.where(`${on}.sensitive`, f.sensitive);
  if (f.tags?.length) q.where(knex.raw('p.tags && ?::text[]', [f.tags]));
  if (f.organisationId) q.where('p.organisation_id', f.organisationId);
  if (f.updatedSince) q.where('p.updated_at', '>=', f.updatedSince);
  const text = f.q;
  if (text) {
    const like = `%${escapeLike(text)}%`;
    q.where((w) => w
      .where(knex.raw('waymark_fold(p.name) LIKE waymark_fold(?)', [like]))
      .orWhere(knex.raw(`waymark_fold(coalesce(p.description, '')) LIKE waymark_fold(?)`, [like]))
      .orWhere(knex.raw('waymark_fold(p.name) % waymark_fold(?)', [text])));
  }
}

/** The order of a page: explicit, else by distance when near, best match for text, none for a box, else name. */
export function effectiveSort(f: Pick<PublicFilters, 'sort' | 'near' | 'q' | 'bbox'>): ListingSort | 'match' {
  if (f.sort) return f.sort;
  if (f.near) return 'distance';
  if (f.q) return 'match';
  return f.bbox ? 'none' : 'name';
}

/**
 * What every page query returns per asset: `ord` (its place on the page), `d` (metres, when
 * near), the text the bodies are built from (`item_head`, `verified_at`) and, from a site
 * scan, the matched site (`sites_n`, `feature_tail`, `site_created_at`, `site_id`), which is
 * the asset's only site when `sites_n` is 1, so its GeoJSON needs no second look-up.
 */
const SITE_COLUMNS = ['item_head', 'verified_at', 'sites_n', 'feature_tail', 'site_created_at', 'site_id'];

/**
 * The page of assets. A box or a distance drives the site table's spatial index; an asset
 * with several sites in the box counts once (its first such site), checked only for
 * assets that have several sites, so an unsorted page streams and stops at its limit
 * instead of visiting every match. public_asset is joined only for filters only it holds.
 */
function pageQuery(knex: Knex, f: PublicFilters): Knex.QueryBuilder {
  const sort = effectiveSort(f);
  // `on`: the alias whose name and asset_id order the page (ties broken by id, so pages are stable).
  const orderOf = (on: string, dist: string | null): Order | null =>
    sort === 'name' ? { sql: `${on}.name, ${on}.asset_id`, bindings: [] }
      : sort === 'match' ? { sql: `similarity(waymark_fold(${on}.name), waymark_fold(?)) DESC, ${on}.asset_id`, bindings: [f.q!] }
        : sort === 'distance' && dist ? { sql: `${dist}, ${on}.asset_id`, bindings: [] } : null;
  const numbered = (order: Order | null) =>
    order ? knex.raw(`row_number() OVER (ORDER BY ${order.sql}) AS ord`, order.bindings) : knex.raw('row_number() OVER () AS ord');
  const ordered = (q: Knex.QueryBuilder, order: Order | null) => (order ? q.orderByRaw(order.sql, order.bindings) : q);
  const sites = (q: Knex.QueryBuilder) => (needsAssetRow(f) ? q.join('public_asset as p', 'p.asset_id', 'ps.asset_id') : q);
  const siteColumns = SITE_COLUMNS.map((c) => `ps.${c}`);
  if (f.near) {
    const at = point(knex, f.near.lng, f.near.lat);
    const nearest = sites(knex('public_asset_site as ps'))
      .distinctOn('ps.asset_id')
      .select('ps.asset_id', 'ps.name', ...siteColumns, knex.raw('ST_Distance(ps.geom::geography, ?) AS d', [at]))
      .where(knex.raw('ST_DWithin(ps.geom::geography, ?, ?)', [at, f.near.metres]))
      .orderBy('ps.asset_id').orderBy('d');
    assetFilters(knex, nearest, f, 'ps');
    const order = orderOf('n', 'n.d');
    return ordered(knex.from(nearest.as('n')).select('n.asset_id', 'n.d', ...SITE_COLUMNS.map((c) => `n.${c}`), numbered(order)), order)
      .limit(f.limit).offset(f.offset);
  }
  if (f.bbox) {
    const env = envelope(knex, f.bbox);
    const q = sites(knex('public_asset_site as ps'))
      .where(knex.raw('ps.geom && ?', [env]))
      .where((w) => w.where('ps.sites_n', 1).orWhereNotExists((e) => e.select(knex.raw('1')).from('public_asset_site as o')
        .whereRaw('o.asset_id = ps.asset_id').where(knex.raw('o.geom && ?', [env]))
        .whereRaw('(o.site_created_at, o.site_id) < (ps.site_created_at, ps.site_id)')));
    assetFilters(knex, q, f, 'ps');
    const order = orderOf('ps', null);
    return ordered(q.select('ps.asset_id', knex.raw('NULL::float8 AS d'), ...siteColumns, numbered(order)), order).limit(f.limit).offset(f.offset);
  }
  const q = knex('public_asset as p');
  assetFilters(knex, q, f, 'p');
  // Without a box the name index gives name order for free, so `none` is name order too.
  const order = orderOf('p', null) ?? { sql: 'p.name, p.asset_id', bindings: [] };
  return ordered(q.select('p.asset_id', knex.raw('NULL::float8 AS d'), knex.raw('left(p.doc::text, -1) AS item_head'), 'p.verified_at',
    knex.raw('NULL::integer AS sites_n'), knex.raw('NULL::text AS feature_tail'), knex.raw('NULL::timestamptz AS site_created_at'),
    knex.raw('NULL::uuid AS site_id'), numbered(order)), order).limit(f.limit).offset(f.offset);
}

/**
 * JSON listing: `items` as the full records (assetView for a viewer who may not see exact
 * places), each the stored text of its record with `stale` (and `distanceMetres`) appended.
 */
export function publicItemsQuery(knex: Knex, f: PublicFilters): Knex.Raw {
  return knex.raw(
    `WITH page AS (?)
     SELECT coalesce('[' || string_agg(
              page.item_head || ',"stale":' || (page.verified_at < now() - ?::interval)::text
                || CASE WHEN page.d IS NULL THEN '' ELSE ',"distanceMetres":' || round(page.d::numeric, 1)::text END || '}',
              ',' ORDER BY page.ord) || ']', '[]') AS body,
            count(*)::int AS returned
     FROM page`,
    [pageQuery(knex, f), STALE_AFTER],
  );
}

/**
 * GeoJSON listing: one point feature per (asset, site) of the page's assets, with only
 * what a map needs (the full record is GET /api/assets/:id), from each site row's stored
 * feature text; an asset's other sites are looked up only when it has several.
 */
export function publicFeaturesQuery(knex: Knex, f: PublicFilters, firstId: number): Knex.Raw {
  return knex.raw(
    `WITH page AS (?),
     f AS (
       SELECT page.ord, page.site_created_at, page.site_id, page.feature_tail FROM page WHERE page.sites_n = 1
       UNION ALL
       SELECT page.ord, ps.site_created_at, ps.site_id, ps.feature_tail
       FROM page JOIN public_asset_site ps ON ps.asset_id = page.asset_id
       WHERE page.sites_n IS DISTINCT FROM 1
     ),
     numbered AS (SELECT f.feature_tail, row_number() OVER (ORDER BY f.ord, f.site_created_at, f.site_id) AS i FROM f)
     SELECT coalesce('[' || string_agg('{"type":"Feature","id":' || (?::bigint + i - 1)::text || ',' || feature_tail, ',' ORDER BY i) || ']', '[]') AS body,
            (SELECT count(*)::int FROM page) AS returned
     FROM numbered`,
    [pageQuery(knex, f), firstId],
  );
}

export async function publicItems(knex: Knex, f: PublicFilters): Promise<PublicPage> {
  return (await publicItemsQuery(knex, f)).rows[0];
}

export async function publicFeatures(knex: Knex, f: PublicFilters, firstId: number): Promise<PublicPage> {
  return (await publicFeaturesQuery(knex, f, firstId)).rows[0];
}
