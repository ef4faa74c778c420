import { fitsNeeds, meetsWhen, partOfDay, waysIn, type FinderRecord } from './match';
import { NO_NEEDS } from './needs';

const record = (over: Partial<FinderRecord> = {}): FinderRecord => ({
  id: 'r', name: 'Record', category: 'mutual_aid', tags: [], whoFor: [], schedule: [], sensitive: false, sites: [], ...over,
});

test('parts of the day by start time, at their edges', () => {
  expect(['04:59', '05:00', '11:59', '12:00', '16:59', '17:00', '23:59', '00:00'].map(partOfDay))
    .toEqual([null, 'morning', 'morning', 'afternoon', 'afternoon', 'evening', 'evening', null]);
});

test('"meets on a weekday evening": some session on Monday–Friday starting 17:00 or later', () => {
  const weekdays = [1, 2, 3, 4, 5];
  expect(meetsWhen([{ day: 2, start: '19:00', end: '20:30' }], weekdays, ['evening'])).toBe(true);
  expect(meetsWhen([{ day: 6, start: '19:00' }], weekdays, ['evening'])).toBe(false); // Saturday
  expect(meetsWhen([{ day: 3, start: '16:30', end: '18:00' }], weekdays, ['evening'])).toBe(false); // starts in the afternoon
  expect(meetsWhen([{ day: 6, start: '10:00' }, { day: 4, start: '18:00' }], weekdays, ['evening'])).toBe(true);
  expect(meetsWhen([], weekdays, [])).toBe(false); // unknown times do not promise a day
  expect(meetsWhen([], [], [])).toBe(true);
});

test('every need must be met; an unknown answer meets none', () => {
  const free = record({ cost: 'free', wheelchairAccess: true, selfReferral: true, whoFor: ['women'] });
  expect(fitsNeeds(free, { ...NO_NEEDS, free: true, stepFree: true, selfReferral: true, whoFor: ['women', 'lgbtq'] })).toBe(true);
  expect(fitsNeeds(record({ cost: null }), { ...NO_NEEDS, free: true })).toBe(false);
  expect(fitsNeeds(record({ cost: 'low_cost' }), { ...NO_NEEDS, free: true })).toBe(false);
  expect(fitsNeeds(record({ wheelchairAccess: null }), { ...NO_NEEDS, stepFree: true })).toBe(false);
  expect(fitsNeeds(record({ whoFor: [] }), { ...NO_NEEDS, whoFor: ['women'] })).toBe(false);
  expect(fitsNeeds(record({ category: 'housing' }), { ...NO_NEEDS, categories: ['mutual_aid', 'advice'] })).toBe(false);
  // A drop-in needs no referral.
  expect(fitsNeeds(record({ tags: ['drop-in'], selfReferral: null }), { ...NO_NEEDS, selfReferral: true })).toBe(true);
  expect(fitsNeeds(record({ tags: ['online'] }), { ...NO_NEEDS, online: true })).toBe(true);
  expect(fitsNeeds(record(), { ...NO_NEEDS, online: true })).toBe(false);
});

test('how to get in, in words', () => {
  expect(waysIn(record({ tags: ['drop-in'], selfReferral: true }))).toEqual(['Drop in', 'Self-refer']);
  expect(waysIn(record({ selfReferral: false, professionalReferral: true }))).toEqual(['Referral needed']);
  expect(waysIn(record({ selfReferral: true, professionalReferral: true }))).toEqual(['Self-refer', 'or be referred']);
  expect(waysIn(record({ name: 'Housing Options Drop-in' }))).toEqual(['Drop in']);
  expect(waysIn(record())).toEqual([]);
});
