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
 * The page of asset ids (with `ord`, and `d` when near). A box or a distance drives the
 * site table's spatial index; an asset with several sites in the box counts once (its
 * first such site), checked only for assets that have several sites, so an unsorted page
 * streams and stops at its limit instead of visiting every match.
 */
function pageQuery(knex: Knex, f: PublicFilters): Knex.QueryBuilder {
  const sort = effectiveSort(f);
  const orderOf = (dist: string | null): Order | null =>
    sort === 'name' ? { sql: 'p.name, p.asset_id', bindings: [] }
      : sort === 'match' ? { sql: 'similarity(waymark_fold(p.name), waymark_fold(?)) DESC, p.asset_id', bindings: [f.q!] }
        : sort === 'distance' && dist ? { sql: `${dist}, p.asset_id`, bindings: [] } : null;
  const numbered = (order: Order | null) =>
    order ? knex.raw(`row_number() OVER (ORDER BY ${order.sql}) AS ord`, order.bindings) : knex.raw('row_number() OVER () AS ord');
  const ordered = (q: Knex.QueryBuilder, order: Order | null) => (order ? q.orderByRaw(order.sql, order.bindings) : q);
  if (f.near) {
    const at = point(knex, f.near.lng, f.near.lat);
    const nearest = knex('public_asset_site as ps')
      .join('public_asset as p', 'p.asset_id', 'ps.asset_id')
      .distinctOn('ps.asset_id')
      .select('ps.asset_id', 'p.name', knex.raw('ST_Distance(ps.geom::geography, ?) AS d', [at]))
      .where(knex.raw('ST_DWithin(ps.geom::geography, ?, ?)', [at, f.near.metres]))
      .orderBy('ps.asset_id').orderBy('d');
    assetFilters(knex, nearest, f, 'ps');
    const order = orderOf('p.d');
    return ordered(knex.from(nearest.as('p')).select('p.asset_id', 'p.d', numbered(order)), order).limit(f.limit).offset(f.offset);
  }
  if (f.bbox) {
    const env = envelope(knex, f.bbox);
    const q = knex('public_asset_site as ps')
      .join('public_asset as p', 'p.asset_id', 'ps.asset_id')
      .where(knex.raw('ps.geom && ?', [env]))
      .where((w) => w.where('ps.sites_n', 1).orWhereNotExists((e) => e.select(knex.raw('1')).from('public_asset_site as o')
        .whereRaw('o.asset_id = ps.asset_id').where(knex.raw('o.geom && ?', [env]))
        .whereRaw('(o.site_created_at, o.site_id) < (ps.site_created_at, ps.site_id)')));
    assetFilters(knex, q, f, 'ps');
    const order = orderOf(null);
    return ordered(q.select('ps.asset_id', knex.raw('NULL::float8 AS d'), numbered(order)), order).limit(f.limit).offset(f.offset);
  }
  const q = knex('public_asset as p');
  assetFilters(knex, q, f, 'p');
  // Without a box the name index gives name order for free, so `none` is name order too.
  const order = orderOf(null) ?? { sql: 'p.name, p.asset_id', bindings: [] };
  return ordered(q.select('p.asset_id', knex.raw('NULL::float8 AS d'), numbered(order)), order).limit(f.limit).offset(f.offset);
}

/** JSON listing: `items` as the full records (assetView for a viewer who may not see exact places). */
export function publicItemsQuery(knex: Knex, f: PublicFilters): Knex.Raw {
  return knex.raw(
    `WITH page AS (?)
     SELECT coalesce(json_agg(
              p.doc || jsonb_build_object('stale', p.verified_at < now() - ?::interval)
                    || CASE WHEN page.d IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('distanceMetres', round(page.d::numeric, 1)) END
              ORDER BY page.ord), '[]')::text AS body,
            count(*)::int AS returned
     FROM page JOIN public_asset p ON p.asset_id = page.asset_id`,
    [pageQuery(knex, f), STALE_AFTER],
  );
}

/**
 * GeoJSON listing: one point feature per (asset, site) of the page's assets, with only
 * what a map needs (the full record is GET /api/assets/:id). Coordinates are written as
 * the float8 values themselves, as the JSON listing writes them.
 */
export function publicFeaturesQuery(knex: Knex, f: PublicFilters, firstId: number): Knex.Raw {
  return knex.raw(
    `WITH page AS (?),
     f AS (
       SELECT ps.*, row_number() OVER (ORDER BY page.ord, ps.site_created_at, ps.site_id) AS i
       FROM page JOIN public_asset_site ps ON ps.asset_id = page.asset_id
     )
     SELECT coalesce(json_agg(json_build_object(
              'type', 'Feature', 'id', ?::bigint + f.i - 1,
              'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(f.geom), ST_Y(f.geom))),
              'properties', json_build_object(
                'assetId', f.asset_id, 'siteId', f.site_id, 'name', f.name, 'category', f.category, 'status', 'published',
                'sensitive', f.sensitive, 'locationPrecision', f.location_precision, 'peerLed', f.peer_led,
                'whoFor', to_json(f.who_for), 'organisationName', f.organisation_name, 'venueName', f.venue_name)
            ) ORDER BY f.i), '[]')::text AS body,
            (SELECT count(*)::int FROM page) AS returned
     FROM f`,
    [pageQuery(knex, f), firstId],
  );
}

export async function publicItems(knex: Knex, f: PublicFilters): Promise<PublicPage> {
  return (await publicItemsQuery(knex, f)).rows[0];
}

export async function publicFeatures(knex: Knex, f: PublicFilters, firstId: number): Promise<PublicPage> {
  return (await publicFeaturesQuery(knex, f, firstId)).rows[0];
}
