import type { Knex } from 'knex';
import type { Bbox } from '../../http/params';
import type { DatetimeFilter } from './datetime';

/**
 * OGC API Features pages for every viewer who may not see exact places, read from the
 * public read model only (public_asset, public_asset_site: public points, masked text;
 * docs/decisions/0003-public-read-model.md), the GeoJSON built in SQL and returned as
 * text, as the listings do. One row past the page is read, so `more` says whether a next
 * page exists without counting; `matched` is counted only when asked for.
 */
export type ReadModelPage = { body: string; returned: number; more: boolean; matched: number | null };
export type PageArgs = { partnershipId: string; bbox?: Bbox; datetime?: DatetimeFilter; limit: number; offset: number; count: boolean };

const toPage = (row: { body: string; returned: number; more: boolean; matched: string | number | null }): ReadModelPage =>
  ({ body: row.body, returned: Number(row.returned), more: row.more, matched: row.matched === null ? null : Number(row.matched) });

export type AssetArgs = PageArgs & { category?: string; whoFor?: string; peerLed?: boolean; organisationId?: string };

/** Assets in name order (server/interop/ogc/sql/ogc_assets.sql). */
export async function assetsPage(knex: Knex, a: AssetArgs): Promise<ReadModelPage> {
  const b = a.bbox;
  const { rows } = await knex.raw(
    `SELECT body, returned, more, matched FROM waymark_ogc_assets(?::uuid, ?::float8, ?::float8, ?::float8, ?::float8, ?::text, ?::text, ?::boolean, ?::uuid,
       ?::timestamptz, ?::timestamptz, ?::integer, ?::integer, ?::boolean)`,
    [a.partnershipId, b?.minLng ?? null, b?.minLat ?? null, b?.maxLng ?? null, b?.maxLat ?? null, a.category ?? null, a.whoFor ?? null, a.peerLed ?? null,
      a.organisationId ?? null, a.datetime?.start ?? null, a.datetime?.end ?? null, a.limit, a.offset, a.count],
  );
  return toPage(rows[0]);
}

/** One published asset's feature, or nothing. */
export async function assetFeatureText(knex: Knex, partnershipId: string, id: string): Promise<string | undefined> {
  const row = await knex('public_asset').where({ asset_id: id, partnership_id: partnershipId }).first(knex.raw('waymark_ogc_asset_feature(doc) AS body'));
  return row?.body;
}

const envelope = (knex: Knex, b: Bbox) => knex.raw('ST_MakeEnvelope(?, ?, ?, ?, 4326)', [b.minLng, b.minLat, b.maxLng, b.maxLat]);

/**
 * The page (limit + 1 rows) and, when asked, the count of `matches`, a query of ids with an
 * `ord_key`. `ord` numbers the matches before OFFSET cuts the page out, so the page proper
 * is ord ≤ offset + limit.
 */
async function pageOf(knex: Knex, matches: Knex.QueryBuilder, feature: string, from: string, a: PageArgs): Promise<ReadModelPage> {
  const { rows } = await knex.raw(
    `WITH matches AS ${a.count ? 'MATERIALIZED ' : ''}(?),
     page AS (SELECT m.id, row_number() OVER (ORDER BY m.ord_key, m.id) AS ord FROM matches m ORDER BY m.ord_key, m.id LIMIT ? OFFSET ?)
     SELECT coalesce('[' || string_agg(${feature}, ',' ORDER BY page.ord) FILTER (WHERE page.ord <= ?) || ']', '[]') AS body,
            (count(*) FILTER (WHERE page.ord <= ?))::int AS returned, count(*) > ? AS more,
            ${a.count ? '(SELECT count(*) FROM matches)' : 'NULL::bigint'} AS matched
     FROM page ${from}`,
    [matches, a.limit + 1, a.offset, a.offset + a.limit, a.offset + a.limit, a.limit],
  );
  return toPage(rows[0]);
}

/**
 * Sites hosting a published asset, by id, at their public point. Address and postcode are
 * masked for a sensitive site as the read model masks them (venue from the site rows).
 */
export async function sitesPage(knex: Knex, a: PageArgs & { id?: string }): Promise<ReadModelPage> {
  const matches = knex('public_asset_site as ps').where('ps.partnership_id', a.partnershipId).select('ps.site_id as id', 'ps.site_id as ord_key').distinct();
  if (a.bbox) matches.where(knex.raw('ps.geom && ?', [envelope(knex, a.bbox)]));
  if (a.id) matches.where('ps.site_id', a.id);
  if (a.datetime) {
    matches.join('site as s', 's.id', 'ps.site_id');
    if (a.datetime.start) matches.where('s.updated_at', '>=', a.datetime.start);
    if (a.datetime.end) matches.where('s.updated_at', '<=', a.datetime.end);
  }
  const feature = `json_build_object('type', 'Feature', 'id', page.id,
      'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(g.geom), ST_Y(g.geom))),
      'properties', json_build_object('venueName', g.venue_name,
        'address', CASE WHEN s.sensitive THEN NULL ELSE s.address END,
        'postcode', CASE WHEN s.sensitive THEN nullif((regexp_split_to_array(btrim(s.postcode), '\\s+'))[1], '') ELSE s.postcode END,
        'locationPrecision', g.location_precision, 'assetCount', g.n, 'categories', g.categories, 'updatedAt', waymark_iso_time(s.updated_at)))::text`;
  const from = `JOIN site s ON s.id = page.id
     CROSS JOIN LATERAL (SELECT (array_agg(ps.geom))[1] AS geom, (array_agg(ps.venue_name))[1] AS venue_name, (array_agg(ps.location_precision))[1] AS location_precision,
       count(*)::int AS n, array_agg(DISTINCT ps.category ORDER BY ps.category) AS categories
       FROM public_asset_site ps WHERE ps.site_id = page.id) g`;
  return pageOf(knex, matches, feature, from, a);
}

/** Published LEROs by name, at the public points of their published assets. */
export async function lerosPage(knex: Knex, a: PageArgs & { id?: string; leroStage?: string; cleroMember?: boolean }): Promise<ReadModelPage> {
  const matches = knex('organisation as o').select('o.id', 'o.name as ord_key')
    .where({ 'o.partnership_id': a.partnershipId, 'o.kind': 'lero', 'o.status': 'published' }).whereNull('o.archived_at');
  if (a.id) matches.where('o.id', a.id);
  if (a.leroStage) matches.where('o.lero_stage', a.leroStage);
  if (a.cleroMember !== undefined) matches.where('o.clero_member', a.cleroMember);
  if (a.datetime?.start) matches.where('o.updated_at', '>=', a.datetime.start);
  if (a.datetime?.end) matches.where('o.updated_at', '<=', a.datetime.end);
  if (a.bbox) {
    matches.whereExists((e) => e.select(knex.raw('1')).from('public_asset as p').join('public_asset_site as ps', 'ps.asset_id', 'p.asset_id')
      .whereRaw('p.organisation_id = o.id').where(knex.raw('ps.geom && ?', [envelope(knex, a.bbox!)])));
  }
  const feature = `json_build_object('type', 'Feature', 'id', page.id,
      'geometry', CASE WHEN pts.n = 0 THEN NULL WHEN pts.n = 1 THEN json_build_object('type', 'Point', 'coordinates', pts.coords->0)
                       ELSE json_build_object('type', 'MultiPoint', 'coordinates', pts.coords) END,
      'properties', json_build_object('name', o.name, 'website', o.website, 'leroStage', o.lero_stage, 'cleroMember', o.clero_member,
        'localAuthoritiesServed', to_json(o.local_authorities_served), 'publishedAssets', pts.assets, 'updatedAt', waymark_iso_time(o.updated_at)))::text`;
  const from = `JOIN organisation o ON o.id = page.id
     CROSS JOIN LATERAL (SELECT count(*)::int AS n, json_agg(json_build_array(ST_X(d.geom), ST_Y(d.geom)) ORDER BY d.site_id) AS coords,
         (SELECT count(*)::int FROM public_asset p WHERE p.organisation_id = o.id) AS assets
       FROM (SELECT DISTINCT ps.site_id, ps.geom FROM public_asset p JOIN public_asset_site ps ON ps.asset_id = p.asset_id WHERE p.organisation_id = o.id) d) pts`;
  return pageOf(knex, matches, feature, from, a);
}
