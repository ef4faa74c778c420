import { filterLeros, registerFigures, sortLeros, type LeroPlace, type LeroRecord } from './register';

const place = (ownPlace: boolean): LeroPlace => ({ id: `p${Math.random()}`, venueName: null, address: null, postcode: null, lat: 53.7, lng: -1.86, locationPrecision: 'exact', sensitive: false, ownPlace });
const lero = (o: Partial<LeroRecord> & { id: string; name: string }): LeroRecord => ({
  description: null, website: null, leroStage: null, cleroMember: null, localAuthoritiesServed: [], commissioningRoute: null, lastVerifiedAt: null, services: [], places: [], ...o,
});
const svc = (name: string) => ({ id: name, name, category: 'lero_peer_support' });

// Five LEROs worked by hand: A, B, C serve Calderdale (E08000033); D serves only Kirklees but runs
// a published service; E serves only Bradford and runs nothing, so is not working in the area.
const records: LeroRecord[] = [
  lero({ id: 'a', name: 'Alder', leroStage: 'registered_charity_company', cleroMember: true, localAuthoritiesServed: ['E08000033', 'E08000034'], commissioningRoute: 'direct', services: [svc('Alder café'), svc('Alder walk')], places: [place(true)], lastVerifiedAt: '2026-11-01T00:00:00Z' }),
  lero({ id: 'b', name: 'Birch', leroStage: 'constituted_group', cleroMember: false, localAuthoritiesServed: ['E08000033'], commissioningRoute: 'sub_contracted', services: [svc('Birch group')], places: [place(false)], lastVerifiedAt: '2025-06-01T00:00:00Z' }),
  lero({ id: 'c', name: 'Cedar', leroStage: 'emerging_project', localAuthoritiesServed: ['E08000033'], commissioningRoute: 'grant' }),
  lero({ id: 'd', name: 'Damson', leroStage: 'constituted_group', cleroMember: true, localAuthoritiesServed: ['E08000034'], commissioningRoute: 'none', services: [svc('Damson peer support')], places: [place(false), place(true)] }),
  lero({ id: 'e', name: 'Elm', localAuthoritiesServed: ['E08000032'], commissioningRoute: 'direct' }),
];

test('partnership figures, by hand: 4 working in the area, 2 commissioned, 2 with a place of their own', () => {
  expect(registerFigures(records, ['E08000033'])).toEqual({
    working: 4, // A, B, C (serve Calderdale), D (runs a service); not E
    commissioned: 2, // A direct, B sub-contracted; C's grant is not a commission; E is not working here
    funding: { direct: 1, sub_contracted: 1, grant: 1, none: 1, unknown: 0 },
    withOwnPlace: 2, // A, and D at its second place; B shares its only place
    cleroMembers: 2, // A, D
    stages: { emerging_project: 1, constituted_group: 2, registered_charity_company: 1, unknown: 0 },
  });
});

test('filters: stage, local authority, funding, CLERO, verification, search (names and services)', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  const ids = (f: Parameters<typeof filterLeros>[1]) => filterLeros(records, f, now).map((r) => r.id);
  expect(ids({ stage: ['constituted_group'] })).toEqual(['b', 'd']);
  expect(ids({ la: ['E08000034'] })).toEqual(['a', 'd']);
  expect(ids({ funding: ['direct', 'grant'] })).toEqual(['a', 'c', 'e']);
  expect(ids({ clero: true })).toEqual(['a', 'd']);
  expect(ids({ clero: false })).toEqual(['b', 'c', 'e']);
  expect(ids({ verified: 'never' })).toEqual(['c', 'd', 'e']);
  expect(ids({ verified: 'within_year' })).toEqual(['a']);
  expect(ids({ verified: 'over_year' })).toEqual(['b']);
  expect(ids({ q: 'PEER support' })).toEqual(['d']);
  expect(ids({ q: 'walk', clero: true })).toEqual(['a']);
});

test('sorts: most established first, funding in vocabulary order, oldest verification first, most services first', () => {
  const order = (by: Parameters<typeof sortLeros>[1]) => sortLeros(records, by).map((r) => r.id);
  expect(order('name')).toEqual(['a', 'b', 'c', 'd', 'e']);
  expect(order('stage')).toEqual(['a', 'b', 'd', 'c', 'e']);
  expect(order('funding')).toEqual(['a', 'e', 'b', 'c', 'd']);
  expect(order('verified')).toEqual(['c', 'd', 'e', 'b', 'a']);
  expect(order('services')).toEqual(['a', 'b', 'd', 'c', 'e']);
});
