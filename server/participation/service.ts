import type { Knex } from 'knex';
import { actorOf, writeTransaction } from '../audit/transaction';
import type { Viewer } from '../auth/viewer';
import { httpError, badRequest, notFound } from '../http/errors';
import { currentPartnership } from '../partnerships/repo';
import { participationProfileOf, type Profile, type RoundInput } from './profile';
import * as repo from './repo';
import type { EntryCreateInput, RoundCreateInput } from './schemas';

export async function listRounds(knex: Knex) {
  const partnership = await currentPartnership(knex);
  return repo.listRounds(knex, partnership.id);
}

async function roundOrNotFound(knex: Knex, id: string): Promise<repo.RoundRow> {
  const round = await repo.findRound(knex, id);
  if (!round) throw notFound('Review round');
  return round;
}

/** A round with its services and every entry ever made in it (oldest first); no entry names who made it. */
export async function getRound(knex: Knex, id: string) {
  const round = await roundOrNotFound(knex, id);
  const [services, entries] = await Promise.all([repo.roundServices(knex, id), repo.roundEntries(knex, id)]);
  return { ...round, services, entries };
}

export async function createRound(knex: Knex, viewer: Viewer, input: RoundCreateInput) {
  const id = await writeTransaction(knex, actorOf(viewer), async (trx) => {
    const partnership = await currentPartnership(trx);
    const live = await repo.liveServiceIds(trx, partnership.id, input.serviceIds);
    const missing = input.serviceIds.findIndex((s) => !live.has(s));
    if (missing >= 0) throw badRequest(`serviceIds.${missing}`, 'is not a live service of this partnership');
    return repo.insertRound(trx, partnership.id, input, actorOf(viewer));
  });
  return getRound(knex, id);
}

/**
 * Volunteers record the view of people in treatment, on their behalf; coordinators and
 * admins any perspective taking part in the round. Every entry is a new row.
 */
export async function addEntry(knex: Knex, viewer: Viewer, roundId: string, input: EntryCreateInput) {
  if (viewer.user?.role === 'volunteer' && input.perspective !== 'people_in_treatment') {
    throw httpError('forbidden', 'Volunteers record the view of people in treatment only.', [{ field: 'perspective', message: 'volunteers may record "people_in_treatment" only' }]);
  }
  return writeTransaction(knex, actorOf(viewer), async (trx) => {
    const round = await roundOrNotFound(trx, roundId);
    if (!round.perspectives.includes(input.perspective)) throw badRequest('perspective', 'is not taking part in this round');
    if (input.assetId !== null && !(await repo.roundServices(trx, roundId)).some((s) => s.id === input.assetId)) {
      throw badRequest('assetId', 'is not a service in this round (null: the partnership as a whole)');
    }
    return repo.insertEntry(trx, roundId, {
      perspective: input.perspective, assetId: input.assetId, level: input.level, reason: input.reason, example: input.example ?? null,
      onBehalf: input.perspective === 'people_in_treatment',
    }, actorOf(viewer));
  });
}

const inputOf = async (knex: Knex, round: repo.RoundRow): Promise<RoundInput> => {
  const [services, entries] = await Promise.all([repo.roundServices(knex, round.id), repo.roundEntries(knex, round.id)]);
  return { perspectives: round.perspectives, serviceIds: services.map((s) => s.id), entries };
};

export type ParticipationProfile = {
  round: repo.RoundRow;
  previousRound: repo.RoundRow | null;
  services: repo.RoundService[];
  profile: Profile;
};

/**
 * The partnership's peer-participation profile for a round (the latest when none is
 * named), with the change since the round before it; null when there is no round yet.
 * For the dashboard and the CQS report as well as the review page.
 */
export async function participationProfile(knex: Knex, roundId?: string): Promise<ParticipationProfile | null> {
  const partnership = await currentPartnership(knex);
  const round = roundId ? await roundOrNotFound(knex, roundId) : await repo.latestRound(knex, partnership.id);
  if (!round) return null;
  const previous = (await repo.previousRound(knex, partnership.id, round)) ?? null;
  const now = await inputOf(knex, round);
  return {
    round,
    previousRound: previous,
    services: await repo.roundServices(knex, round.id),
    profile: participationProfileOf(now, previous ? await inputOf(knex, previous) : null),
  };
}
