import { trendRows, type SnapshotFigures } from './trend';

const snapshot = (over: { total: number; mutualAid: number; independent: number; verified: number; linkage: number | null; inGaps: number }): SnapshotFigures => ({
  generatedAt: '2026-12-01T00:00:00.000Z',
  exists: {
    categories: { rows: [{ category: 'mutual_aid', label: 'Mutual aid', count: over.mutualAid }, { category: 'housing', label: 'Housing', count: 0 }], total: { count: over.total, peerLedShare: 0.1, independentShare: over.independent } },
    coLocated: { count: 2 },
    leros: { count: 1 },
    freshness: { total: { share: over.verified } },
  },
  connected: { headline: over.linkage === null ? null : { estimate: over.linkage }, campaign: null },
  gaps: { categories: [{ category: 'mutual_aid', label: 'Mutual aid', populationInGaps: over.inGaps, mostDeprivedInGaps: 0 }] },
});

test('two snapshots: counts and people as differences, shares in percentage points, by hand', () => {
  const rows = trendRows(
    snapshot({ total: 14, mutualAid: 5, independent: 2 / 14, verified: 0.8, linkage: 0.5, inGaps: 1234.5 }),
    snapshot({ total: 15, mutualAid: 6, independent: 3 / 15, verified: 0.75, linkage: 5 / 6, inGaps: 1000 }),
  );
  const byKey = Object.fromEntries(rows.map((r) => [r.key, [r.before, r.after, r.change]]));
  expect(byKey.assets).toEqual([14, 15, 1]);
  expect(byKey['assets.mutual_aid']).toEqual([5, 6, 1]);
  expect(byKey['assets.housing']).toBeUndefined(); // none then or now
  expect(byKey.independent).toEqual([14.3, 20, 5.7]);
  expect(byKey.verified).toEqual([80, 75, -5]);
  expect(byKey.linkage).toEqual([50, 83.3, 33.3]);
  expect(byKey['gaps.mutual_aid']).toEqual([1234.5, 1000, -234.5]);
  expect(byKey.co_located).toEqual([2, 2, 0]);
});

test('a figure missing from one snapshot has no change', () => {
  const rows = trendRows(snapshot({ total: 1, mutualAid: 1, independent: 0, verified: 1, linkage: null, inGaps: 0 }), snapshot({ total: 1, mutualAid: 1, independent: 0, verified: 1, linkage: 0.5, inGaps: 0 }));
  expect(rows.find((r) => r.key === 'linkage')).toMatchObject({ before: null, after: 50, change: null });
});
