import { categoryCounts, changeSince, coLocatedSites, freshness, leros, type AssetFact } from './exists';

const NOW = new Date('2026-12-01T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const asset = (id: string, over: Partial<AssetFact> = {}): AssetFact => ({
  id, name: `Asset ${id}`, category: 'mutual_aid', status: 'published', peerLed: false, commissioning: null, organisationId: null,
  createdAt: daysAgo(400), lastVerifiedAt: daysAgo(10), areaCodes: ['E01'], ...over,
});

// Four published (3 mutual aid, 1 treatment), one pending, one archived.
const ASSETS = [
  asset('a', { peerLed: true, commissioning: 'independent' }),
  asset('b', { peerLed: true, lastVerifiedAt: daysAgo(366) }),
  asset('c', { commissioning: 'independent', lastVerifiedAt: null, createdAt: daysAgo(30) }),
  asset('d', { category: 'treatment', commissioning: 'local_authority', lastVerifiedAt: daysAgo(500), organisationId: 'lero1' }),
  asset('e', { status: 'pending', createdAt: daysAgo(5), lastVerifiedAt: null }),
  asset('f', { status: 'archived', createdAt: daysAgo(3) }),
];

test('counts by category: published only; peer-led and independent shares by hand', () => {
  const { rows, total } = categoryCounts(ASSETS, ['mutual_aid', 'treatment', 'housing']);
  expect(total).toEqual({ category: 'all', count: 4, peerLed: 2, peerLedShare: 0.5, independent: 2, independentShare: 0.5 });
  expect(rows[0]).toEqual({ category: 'mutual_aid', count: 3, peerLed: 2, peerLedShare: 0.6667, independent: 2, independentShare: 0.6667 });
  expect(rows[1]).toEqual({ category: 'treatment', count: 1, peerLed: 0, peerLedShare: 0, independent: 0, independentShare: 0 });
  expect(rows[2]).toEqual({ category: 'housing', count: 0, peerLed: 0, peerLedShare: null, independent: 0, independentShare: null });
});

test('freshness: verified within 365 days; the overdue never-verified first, then the oldest', () => {
  const f = freshness(ASSETS, ['mutual_aid', 'treatment'], NOW);
  expect(f.total).toEqual({ category: 'all', count: 4, verified: 1, share: 0.25 });
  expect(f.rows).toEqual([{ category: 'mutual_aid', count: 3, verified: 1, share: 0.3333 }, { category: 'treatment', count: 1, verified: 0, share: 0 }]);
  expect(f.overdue.map((o) => [o.id, o.daysSince])).toEqual([['c', null], ['d', 500], ['b', 366]]);
});

test('freshness keeps the same most-overdue as sorting every overdue record (ties by creation, then name)', () => {
  const many = Array.from({ length: 60 }, (_, i) => asset(`m${i}`, {
    name: `Group ${String.fromCharCode(90 - (i % 7))}`, lastVerifiedAt: i % 5 === 0 ? null : daysAgo(366 + (i % 4) * 10), createdAt: daysAgo(400 + (i % 3)),
  }));
  const sorted = [...many].sort((a, b) => (a.lastVerifiedAt?.getTime() ?? -Infinity) - (b.lastVerifiedAt?.getTime() ?? -Infinity) || a.createdAt.getTime() - b.createdAt.getTime() || a.name.localeCompare(b.name));
  expect(freshness(many, ['mutual_aid'], NOW, 12).overdue.map((o) => o.id)).toEqual(sorted.slice(0, 12).map((a) => a.id));
});

test('change since a date: added (not rejected), archived from the audit events, re-verified', () => {
  const c = changeSince(ASSETS, [{ assetId: 'f', at: daysAgo(1) }, { assetId: 'f', at: daysAgo(1) }, { assetId: 'zzz', at: daysAgo(1) }], daysAgo(60));
  expect(c).toEqual({ since: daysAgo(60).toISOString(), added: 3, archived: 1, reverified: 1 });
});

test('co-located sites: two or more services; a sensitive one is never named nor its services listed', () => {
  const sites = coLocatedSites([
    { siteId: 's1', venueName: 'Square Chapel', sensitive: false, areaCode: 'E01', assets: [{ id: 'a', name: 'SMART' }, { id: 'b', name: 'AA' }] },
    { siteId: 's2', venueName: null, sensitive: true, areaCode: 'E02', assets: [{ id: 'c', name: 'Refuge' }, { id: 'd', name: 'Advice' }, { id: 'e', name: 'Café' }] },
    { siteId: 's3', venueName: 'Alone', sensitive: false, areaCode: 'E01', assets: [{ id: 'x', name: 'Solo' }] },
  ]);
  expect(sites).toEqual([
    { siteId: 's2', name: 'A confidential site', areaCode: 'E02', services: [], serviceCount: 3 },
    { siteId: 's1', name: 'Square Chapel', areaCode: 'E01', services: ['AA', 'SMART'], serviceCount: 2 },
  ]);
});

test('LEROs: not archived, with the published records they run', () => {
  const l = leros([
    { id: 'lero1', name: 'Hebden Collective', kind: 'lero', archived: false },
    { id: 'lero2', name: 'Gone LERO', kind: 'lero', archived: true },
    { id: 'tp', name: 'Provider', kind: 'treatment_provider', archived: false },
  ], ASSETS);
  expect(l).toEqual({ count: 1, names: ['Hebden Collective'], assets: 1 });
});
