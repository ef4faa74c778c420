import type { Knex } from 'knex';
import { badRequest, httpError } from '../http/errors';
import { currentPartnership } from '../partnerships/repo';
import { findPostcode, placeLabels } from '../reference/repo';
import { normaliseTerm } from '../domain/synonyms';
import { waysIn, type FinderRecord } from './match';
import { mergeNeeds, needsFromWords, type Needs } from './needs';
import { rankNearby, type Ranked } from './rank';
import * as repo from './repo';

/**
 * The community-connector finder (issue 20): where, what is needed → the nearest published
 * records that fit. Nothing about the person is stored or logged here: the search is a read.
 */
export type FinderQuery = {
  postcode?: string;
  town?: string;
  lat?: number;
  lng?: number;
  words?: string;
  needs: Needs;
  withinKm: number;
  limit: number;
};

export type Place = { label: string; lat: number; lng: number; from: 'postcode' | 'town' | 'point' };

async function placeOf(knex: Knex, q: FinderQuery): Promise<Place> {
  if (q.postcode) {
    const pc = await findPostcode(knex, q.postcode);
    if (!pc) throw httpError('not_found', `Postcode ${q.postcode} is not known here.`, [{ field: 'query.postcode', message: 'is not in the postcode table' }]);
    return { label: pc.postcode, lat: pc.lat, lng: pc.lng, from: 'postcode' };
  }
  if (q.town) {
    const wanted = normaliseTerm(q.town);
    const town = (await placeLabels(knex)).find((p) => normaliseTerm(p.name) === wanted);
    if (!town) throw httpError('not_found', `No town or village called "${q.town}" is known here.`, [{ field: 'query.town', message: 'is not a known town or village' }]);
    return { label: town.name, lat: town.lat, lng: town.lng, from: 'town' };
  }
  if (q.lat !== undefined && q.lng !== undefined) return { label: 'the point chosen', lat: q.lat, lng: q.lng, from: 'point' };
  throw badRequest('query.postcode', 'give a postcode, a town, or lat and lng');
}

/** What the finder shows of one record: the public record's own words, its public place. */
function present(r: Ranked | { record: FinderRecord; siteIndex: null; distanceMetres: null }) {
  const { record } = r;
  const site = r.siteIndex === null ? null : record.sites[r.siteIndex];
  return {
    id: record.id,
    name: record.name,
    category: record.category,
    whoFor: record.whoFor,
    // To 0.1 m, as the asset listing gives it.
    distanceMetres: r.distanceMetres === null ? null : Math.round(r.distanceMetres * 10) / 10,
    schedule: record.schedule,
    scheduleNotes: record.scheduleNotes ?? null,
    waysIn: waysIn(record),
    cost: record.cost ?? null,
    costNotes: record.costNotes ?? null,
    stepFree: record.wheelchairAccess ?? null,
    contact: { phone: record.phone ?? null, email: record.email ?? null, website: record.website ?? null },
    place: site
      ? { venueName: site.venueName, address: site.address, postcode: site.postcode, lat: site.lat, lng: site.lng, locationPrecision: site.locationPrecision }
      : null,
    sensitive: record.sensitive,
  };
}
export type FinderResult = ReturnType<typeof present>;

export async function findNearby(knex: Knex, q: FinderQuery) {
  const read = q.words ? needsFromWords(q.words) : { needs: q.needs, unread: [] as string[] };
  const needs = mergeNeeds(q.needs, read.needs);
  const [place, partnership] = await Promise.all([placeOf(knex, q), currentPartnership(knex)]);
  const [records, online] = await Promise.all([
    repo.nearestPublicRecords(knex, { partnershipId: partnership.id, lat: place.lat, lng: place.lng, categories: needs.categories, whoFor: needs.whoFor }),
    needs.online ? repo.onlineRecordsWithoutPlace(knex, partnership.id) : Promise.resolve([]),
  ]);
  const ranking = rankNearby([...records, ...online.map((record) => ({ record, siteDistances: {} }))], needs, q.withinKm * 1000, q.limit);
  return {
    place,
    needs,
    unreadWords: read.unread,
    withinKm: q.withinKm,
    distance: 'straight line',
    results: ranking.near.map(present),
    resultsInReach: ranking.nearCount,
    nearestBeyond: ranking.nearestBeyond ? present(ranking.nearestBeyond) : null,
    online: ranking.onlineOnly.map((record) => present({ record, siteIndex: null, distanceMetres: null })),
  };
}
