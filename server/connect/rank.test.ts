import type { FinderRecord } from './match';
import { NO_NEEDS } from './needs';
import { rankNearby, straightLineMetres } from './rank';

const at = (lat: number, lng: number) => ({ id: `${lat},${lng}`, venueName: null, address: null, postcode: null, lat, lng, locationPrecision: 'exact' });
const record = (id: string, sites: ReturnType<typeof at>[], over: Partial<FinderRecord> = {}): FinderRecord => ({
  id, name: id, category: 'mutual_aid', tags: [], whoFor: [], schedule: [], sensitive: false, sites, ...over,
});
const origin = { lat: 53.7, lng: -1.86 };

test('straight-line distance, by hand', () => {
  // One degree of latitude: 6,371,008.8 m × π/180 = 111,195.08 m.
  expect(straightLineMetres({ lat: 53, lng: -1.86 }, { lat: 54, lng: -1.86 })).toBeCloseTo(111_195.08, 1);
  // 0.01° of longitude at 53.7° N: 6,371,008.8 × cos 53.7° × 0.01 × π/180 = 658.29 m.
  expect(straightLineMetres(origin, { lat: 53.7, lng: -1.85 })).toBeCloseTo(658.29, 1);
});

test('nearest first by each record\'s nearest place; ties by name; capped; filtered', () => {
  const records = [
    record('far', [at(53.72, -1.86)]), // 2,223.9 m north
    record('two places', [at(53.75, -1.86), at(53.7, -1.87)]), // nearest: 658.3 m west
    record('b-tie', [at(53.7, -1.85)]), // 658.3 m east
    record('housing', [at(53.7001, -1.86)], { category: 'housing' }), // nearest of all, but filtered out
  ];
  const r = rankNearby(records, origin, { ...NO_NEEDS, categories: ['mutual_aid'] }, 5000, 2);
  expect(r.near.map((x) => [x.record.id, x.siteIndex, Math.round(x.distanceMetres)])).toEqual([['b-tie', 0, 658], ['two places', 1, 658]]);
  expect(r.nearCount).toBe(3);
  expect(r.nearestBeyond).toBeNull();
});

test('none within reach: the nearest beyond it, never an empty answer when something fits', () => {
  const records = [record('twelve km', [at(53.8, -1.77)]), record('eleven km', [at(53.8, -1.86)])];
  const r = rankNearby(records, origin, NO_NEEDS, 5000, 10);
  expect(r.near).toEqual([]);
  expect(r.nearestBeyond?.record.id).toBe('eleven km');
  expect(r.nearestBeyond?.distanceMetres).toBeCloseTo(11_119.5, 1); // 0.1° of latitude
});

test('online records without a place are listed only when online is asked for', () => {
  const records = [record('Zoom group', [], { tags: ['online'] }), record('hall', [at(53.7, -1.85)], { tags: ['online'] })];
  expect(rankNearby(records, origin, NO_NEEDS, 5000, 10).onlineOnly).toEqual([]);
  const online = rankNearby(records, origin, { ...NO_NEEDS, online: true }, 5000, 10);
  expect(online.onlineOnly.map((r) => r.id)).toEqual(['Zoom group']);
  expect(online.near.map((r) => r.record.id)).toEqual(['hall']);
});
