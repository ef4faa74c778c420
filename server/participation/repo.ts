import type { Knex } from 'knex';
import type { Level, Perspective } from './profile';

export type RoundRow = { id: string; title: string; reviewDate: string; perspectives: Perspective[]; createdAt: Date; serviceCount?: number; entryCount?: number };
export type RoundService = { id: string; name: string; category: string; status: string };
export type EntryRow = {
  id: string; perspective: Perspective; assetId: string | null; level: Level; reason: string; example: string | null; onBehalf: boolean; recordedAt: Date;
};

// The date as text: it must not shift with the server's time zone on its way through a JS Date.
const roundQuery = (knex: Knex) =>
  knex('participation_round as r').select('r.id', 'r.title', knex.raw('r.review_date::text AS "reviewDate"'), 'r.perspectives', 'r.created_at as createdAt');

export async function listRounds(knex: Knex, partnershipId: string): Promise<RoundRow[]> {
  const rows = await roundQuery(knex)
    .select(knex.raw('(SELECT count(*)::int FROM participation_round_service s WHERE s.round_id = r.id) AS "serviceCount"'))
    .select(knex.raw('(SELECT count(*)::int FROM participation_entry e WHERE e.round_id = r.id) AS "entryCount"'))
    .where('r.partnership_id', partnershipId)
    .orderBy('r.review_date', 'desc').orderBy('r.created_at', 'desc').orderBy('r.id');
  return rows;
}

export const findRound = (knex: Knex, id: string): Promise<RoundRow | undefined> => roundQuery(knex).where('r.id', id).first();

/** The round reviewed just before this one (by date, then creation), for "change since the last round". */
export async function previousRound(knex: Knex, partnershipId: string, round: RoundRow): Promise<RoundRow | undefined> {
  return roundQuery(knex)
    .where('r.partnership_id', partnershipId)
    .whereNot('r.id', round.id)
    .where((w) => w.where('r.review_date', '<', round.reviewDate).orWhere((x) => x.where('r.review_date', round.reviewDate).where('r.created_at', '<', round.createdAt)))
    .orderBy('r.review_date', 'desc').orderBy('r.created_at', 'desc')
    .first();
}

export async function latestRound(knex: Knex, partnershipId: string): Promise<RoundRow | undefined> {
  return roundQuery(knex).where('r.partnership_id', partnershipId).orderBy('r.review_date', 'desc').orderBy('r.created_at', 'desc').first();
}

export async function roundServices(knex: Knex, roundId: string): Promise<RoundService[]> {
  return knex('participation_round_service as s').join('asset as a', 'a.id', 's.asset_id')
    .select('a.id', 'a.name', 'a.category', 'a.status').where('s.round_id', roundId).orderBy('a.name').orderBy('a.id');
}

export async function roundEntries(knex: Knex, roundId: string): Promise<EntryRow[]> {
  return knex('participation_entry')
    .select('id', 'perspective', 'asset_id as assetId', 'level', 'reason', 'example', 'on_behalf as onBehalf', 'recorded_at as recordedAt')
    .where('round_id', roundId).orderBy('recorded_at').orderBy('id');
}

/** Which of these ids are live services (pending or published) of the partnership. */
export async function liveServiceIds(knex: Knex, partnershipId: string, ids: string[]): Promise<Set<string>> {
  const rows: { id: string }[] = await knex('asset').select('id').where('partnership_id', partnershipId).whereIn('id', ids).whereIn('status', ['pending', 'published']);
  return new Set(rows.map((r) => r.id));
}

export async function insertRound(trx: Knex.Transaction, partnershipId: string, input: { title: string; reviewDate: string; perspectives: string[]; serviceIds: string[] }, createdBy: string | null): Promise<string> {
  const [{ id }] = await trx('participation_round')
    .insert({ partnership_id: partnershipId, title: input.title, review_date: input.reviewDate, perspectives: input.perspectives, created_by: createdBy })
    .returning('id');
  await trx('participation_round_service').insert(input.serviceIds.map((assetId) => ({ round_id: id, asset_id: assetId })));
  return id;
}

export async function insertEntry(
  trx: Knex.Transaction, roundId: string,
  e: { perspective: string; assetId: string | null; level: string; reason: string; example: string | null; onBehalf: boolean }, recordedBy: string | null,
): Promise<EntryRow> {
  const [row] = await trx('participation_entry')
    .insert({ round_id: roundId, perspective: e.perspective, asset_id: e.assetId, level: e.level, reason: e.reason, example: e.example, on_behalf: e.onBehalf, recorded_by: recordedBy })
    .returning(['id', 'perspective', 'asset_id as assetId', 'level', 'reason', 'example', 'on_behalf as onBehalf', 'recorded_at as recordedAt']);
  return row;
}
