import type { FinderRecord } from './match';
import { NO_NEEDS } from './needs';
import { rankNearby, type Candidate } from './rank';

const site = (id: string) => ({ id, venueName: null, address: null, postcode: null, lat: 53.7, lng: -1.86, locationPrecision: 'exact' });
/** A record whose places are at the given distances (metres), by site id. */
const candidate = (id: string, distances: Record<string, number>, over: Partial<FinderRecord> = {}): Candidate => ({
  record: { id, name: id, category: 'mutual_aid', tags: [], whoFor: [], schedule: [], sensitive: false, sites: Object.keys(distances).map(site), ...over },
  siteDistances: distances,
});

test("nearest first by each record's nearest place; ties by name; capped; filtered", () => {
  const candidates = [
    candidate('far', { f: 2223.9 }),
    candidate('two places', { t1: 5560.1, t2: 658.3 }),
    candidate('b-tie', { b: 658.3 }),
    candidate('housing', { h: 11.1 }, { category: 'housing' }), // nearest of all, but not what is needed
  ];
  const r = rankNearby(candidates, { ...NO_NEEDS, categories: ['mutual_aid'] }, 5000, 2);
  expect(r.near.map((x) => [x.record.id, x.siteIndex, x.distanceMetres])).toEqual([['b-tie', 0, 658.3], ['two places', 1, 658.3]]);
  expect(r.nearCount).toBe(3);
  expect(r.nearestBeyond).toBeNull();
});

test('reach is inclusive; a place not measured does not count', () => {
  const r = rankNearby([candidate('edge', { e: 5000 }), candidate('unmeasured', {}), candidate('just over', { o: 5000.1 })], NO_NEEDS, 5000, 10);
  expect(r.near.map((x) => x.record.id)).toEqual(['edge']);
  const unmeasured: Candidate = { ...candidate('x', { a: 1 }), siteDistances: {} };
  expect(rankNearby([unmeasured], NO_NEEDS, 5000, 10)).toMatchObject({ near: [], nearestBeyond: null });
});

test('none within reach: the nearest beyond it, never an empty answer when something fits', () => {
  const r = rankNearby([candidate('twelve km', { a: 12_003 }), candidate('eleven km', { b: 11_119.5 })], NO_NEEDS, 5000, 10);
  expect(r.near).toEqual([]);
  expect(r.nearCount).toBe(0);
  expect(r.nearestBeyond).toMatchObject({ record: { id: 'eleven km' }, distanceMetres: 11_119.5 });
});

test('online records without a place are listed only when online is asked for', () => {
  const candidates = [candidate('Zoom group', {}, { tags: ['online'] }), candidate('hall', { h: 300 }, { tags: ['online'] })];
  expect(rankNearby(candidates, NO_NEEDS, 5000, 10).onlineOnly).toEqual([]);
  const online = rankNearby(candidates, { ...NO_NEEDS, online: true }, 5000, 10);
  expect(online.onlineOnly.map((r) => r.id)).toEqual(['Zoom group']);
  expect(online.near.map((r) => r.record.id)).toEqual(['hall']);
});
