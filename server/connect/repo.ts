import type { Knex } from 'knex';
import type { FinderRecord } from './match';
import type { Candidate } from './rank';

/**
 * The finder's reads, from the public read model only (migration 2026120120): each record
 * is public_asset.doc, already masked as the public sees it, and the places are
 * public_asset_site's public points. A sensitive place's exact point is not in these
 * tables, so no distance or order computed from them can reveal it.
 */

/** How many nearest (record, place) rows are read before the needs are checked in full. */
export const CANDIDATE_PLACES = 600;
const ONLINE_TAGS = ['online', 'virtual', 'zoom'];
const ONLINE_LIMIT = 100;

/**
 * The records at the CANDIDATE_PLACES public places nearest the point (geography KNN),
 * narrowed in SQL by kind and audience only (the rest of the needs are checked in
 * match.ts), each with the distance to each of those places: PostGIS's geodesic distance
 * on the WGS84 ellipsoid, from the public point.
 */
export async function nearestPublicRecords(
  knex: Knex,
  q: { partnershipId: string; lat: number; lng: number; categories: string[]; whoFor: string[] },
): Promise<Candidate[]> {
  const categories = q.categories.length ? q.categories : null;
  const whoFor = q.whoFor.length ? q.whoFor : null;
  const { rows } = await knex.raw(
    `WITH here AS (SELECT ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 4326)::geography AS g),
     near AS (
       SELECT ps.asset_id, ps.site_id, ST_Distance(ps.geom::geography, here.g) AS d
       FROM public_asset_site ps, here
       WHERE ps.partnership_id = ?::uuid
         AND (?::text[] IS NULL OR ps.category = ANY (?::text[]))
         AND (?::text[] IS NULL OR ps.who_for && ?::text[])
       ORDER BY ps.geom::geography <-> here.g
       LIMIT ?::int)
     SELECT p.doc, json_object_agg(near.site_id, near.d)::text AS distances
     FROM near JOIN public_asset p ON p.asset_id = near.asset_id
     GROUP BY p.asset_id`,
    [q.lng, q.lat, q.partnershipId, categories, categories, whoFor, whoFor, CANDIDATE_PLACES],
  );
  return rows.map((r: { doc: unknown; distances: string }) => ({ record: docOf(r.doc), siteDistances: JSON.parse(r.distances) }));
}

/** Published online records with no place (a conference-link meeting), for "online". */
export async function onlineRecordsWithoutPlace(knex: Knex, partnershipId: string): Promise<FinderRecord[]> {
  const { rows } = await knex.raw(
    `SELECT p.doc FROM public_asset p
     WHERE p.partnership_id = ?::uuid AND p.tags && ?::text[]
       AND NOT EXISTS (SELECT 1 FROM public_asset_site ps WHERE ps.asset_id = p.asset_id)
     ORDER BY p.name LIMIT ?::int`,
    [partnershipId, ONLINE_TAGS, ONLINE_LIMIT],
  );
  return rows.map((r: { doc: unknown }) => docOf(r.doc));
}

const docOf = (doc: unknown): FinderRecord => (typeof doc === 'string' ? JSON.parse(doc) : doc) as FinderRecord;
