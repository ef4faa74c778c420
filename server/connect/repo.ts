import type { Knex } from 'knex';
import type { FinderRecord } from './match';

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
 * The records at the CANDIDATE_PLACES public places nearest the point (by geography KNN),
 * narrowed in SQL by kind and audience only; the rest of the needs are checked in match.ts.
 */
export async function nearestPublicRecords(
  knex: Knex,
  q: { partnershipId: string; lat: number; lng: number; categories: string[]; whoFor: string[] },
): Promise<FinderRecord[]> {
  const { rows } = await knex.raw(
    `SELECT p.doc FROM public_asset p
     WHERE p.asset_id IN (
       SELECT ps.asset_id FROM public_asset_site ps
       WHERE ps.partnership_id = ?::uuid
         AND (?::text[] IS NULL OR ps.category = ANY (?::text[]))
         AND (?::text[] IS NULL OR ps.who_for && ?::text[])
       ORDER BY ps.geom::geography <-> ST_SetSRID(ST_MakePoint(?::float8, ?::float8), 4326)::geography
       LIMIT ?::int)`,
    [
      q.partnershipId,
      q.categories.length ? q.categories : null, q.categories.length ? q.categories : null,
      q.whoFor.length ? q.whoFor : null, q.whoFor.length ? q.whoFor : null,
      q.lng, q.lat, CANDIDATE_PLACES,
    ],
  );
  return rows.map((r: { doc: unknown }) => docOf(r.doc));
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
