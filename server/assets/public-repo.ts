import type { Knex } from 'knex';
import { STALE_AFTER, type AssetFilters } from './repo';

/**
 * Reads of the public read model (migration 2026120120): what anonymous visitors,
 * commissioners, researchers and volunteers (for published records) are shown. Every
 * point here is already the PUBLIC one (site.geom_public), so nothing below can compute a
 * value from a sensitive place's exact point. The response body is built in SQL and comes
 * back as one text value, which Node sends as it is.
 */
/** The listing filters both read paths take (repo.AssetFilters), less those only the full tables have (status, submitter, area, order). */
export type PublicFilters = Pick<AssetFilters,
  'partnershipId' | 'categories' | 'tags' | 'whoFor' | 'organisationId' | 'q' | 'bbox' | 'near' | 'updatedSince' | 'peerLed' | 'sensitive' | 'sort' | 'limit' | 'offset'>;
/** `name`, `distance` (near only) or `none`; with `q` and no sort, best match first. */
export type ListingSort = NonNullable<AssetFilters['sort']>;

export type PublicPage = { body: string; returned: number };

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The filters of a listing without box or circle, on public_asset (`p`); waymark_public_listing has the same for sites. */
function assetFilters(knex: Knex, q: Knex.QueryBuilder, f: PublicFilters): void {
  q.where('p.partnership_id', f.partnershipId);
  if (f.categories?.length) q.whereIn('p.category', f.categories);
  if (f.whoFor?.length) q.where(knex.raw('p.who_for && ?::text[]', [f.whoFor]));
  if (f.peerLed !== undefined) q.where('p.peer_led', f.peerLed);
  if (f.sensitive !== undefined) q.where('p.sensitive', f.sensitive);
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
 * A box or circle listing (the map's, and any listing with `bbox` or `withinMetres`): one
 * call of waymark_public_listing (migration 2026120210), whose statements keep their plans
 * for the session; the body comes back as text. NULL means "no such filter".
 */
function spatialListingQuery(knex: Knex, kind: 'items' | 'features', f: PublicFilters, firstId: number): Knex.Raw {
  const list = (xs?: string[]) => (xs?.length ? xs : null);
  const b = f.bbox;
  const n = f.near;
  return knex.raw(
    `SELECT body, returned FROM waymark_public_listing(?, ?, ?::uuid, ?::float8, ?::float8, ?::float8, ?::float8, ?::float8, ?::float8, ?::float8,
       ?::text[], ?::text[], ?::boolean, ?::boolean, ?::text[], ?::uuid, ?::timestamptz, ?::text, ?::text, ?::integer, ?::integer, ?::bigint, ?::interval)`,
    [
      kind, effectiveSort(f), f.partnershipId,
      b?.minLng ?? null, b?.minLat ?? null, b?.maxLng ?? null, b?.maxLat ?? null,
      n?.lng ?? null, n?.lat ?? null, n?.metres ?? null,
      list(f.categories), list(f.whoFor), f.peerLed ?? null, f.sensitive ?? null,
      list(f.tags), f.organisationId ?? null, f.updatedSince ?? null, f.q || null, f.q ? `%${escapeLike(f.q)}%` : null,
      f.limit, f.offset, firstId, STALE_AFTER,
    ],
  ).options({ name: 'waymark_public_listing' });
}

/**
 * A listing with neither box nor circle: the page of assets from public_asset (`ord`, and
 * the text its JSON item is built from, escaped here as the site rows' text is when written).
 * Its GeoJSON looks each asset's sites up.
 */
function pageQuery(knex: Knex, f: PublicFilters): Knex.QueryBuilder {
  const sort = effectiveSort(f);
  const order = sort === 'match'
    ? { sql: 'similarity(waymark_fold(p.name), waymark_fold(?)) DESC, p.asset_id', bindings: [f.q!] }
    // The name index gives name order for free, so `none` is name order too.
    : { sql: 'p.name, p.asset_id', bindings: [] as string[] };
  const q = knex('public_asset as p');
  assetFilters(knex, q, f);
  return q.select('p.asset_id', knex.raw('waymark_json_ascii(left(p.doc::text, -1)) AS item_head'), 'p.verified_at',
    knex.raw(`row_number() OVER (ORDER BY ${order.sql}) AS ord`, order.bindings))
    .orderByRaw(order.sql, order.bindings).limit(f.limit).offset(f.offset);
}

/**
 * JSON listing: `items` as the full records (assetView for a viewer who may not see exact
 * places), each the stored text of its record with `stale` appended (and, in a circle,
 * `distanceMetres`).
 */
export function publicItemsQuery(knex: Knex, f: PublicFilters): Knex.Raw {
  if (f.bbox || f.near) return spatialListingQuery(knex, 'items', f, 1);
  return knex.raw(
    `WITH page AS (?)
     SELECT coalesce('[' || string_agg(
              page.item_head || ',"stale":' || (page.verified_at < now() - ?::interval)::text || '}',
              ',' ORDER BY page.ord) || ']', '[]') AS body,
            count(*)::int AS returned
     FROM page`,
    [pageQuery(knex, f), STALE_AFTER],
  );
}

/**
 * GeoJSON listing: one point feature per (asset, site) of the page's assets, with only
 * what a map needs (the full record is GET /api/assets/:id), from each site row's stored
 * feature text.
 */
export function publicFeaturesQuery(knex: Knex, f: PublicFilters, firstId: number): Knex.Raw {
  if (f.bbox || f.near) return spatialListingQuery(knex, 'features', f, firstId);
  return knex.raw(
    `WITH page AS (?),
     numbered AS (
       SELECT ps.feature_tail, row_number() OVER (ORDER BY page.ord, ps.site_created_at, ps.site_id) AS i
       FROM page JOIN public_asset_site ps ON ps.asset_id = page.asset_id
     )
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
