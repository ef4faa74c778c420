import { drawPairs, checkCapacity, TooManyPairs } from './draw';
import { maxFlow } from './capacity';
import { planStrata, canonicalFrame, type DrawDesign, type FrameAsset } from './frame';
import { seededRandom } from '../stats/random';

const CATS = ['treatment', 'mutual_aid', 'housing', 'lero_peer_support'];
/** A frame of n assets over four categories; every 5th shares an organisation, every 7th a site. */
function makeFrame(n: number): FrameAsset[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    category: CATS[i % CATS.length],
    organisationId: i % 5 === 0 ? `org-${i % 3}` : null,
    siteIds: [`site-${i}`, ...(i % 7 === 0 ? ['shared-site'] : [])],
  }));
}
const design = (over: Partial<DrawDesign> = {}): DrawDesign => ({
  pairCount: 40,
  strata: [],
  excludeSameOrganisation: true,
  excludeSameSite: true,
  maxContactsPerService: null,
  ...over,
});

/** Brute force over A × B: the independent count of allowed pairs. */
function bruteAllowed(frame: FrameAsset[], d: DrawDesign, from: string | null, to: string | null): [string, string][] {
  const out: [string, string][] = [];
  for (const a of frame) for (const b of frame) {
    if (from !== null && (a.category !== from || b.category !== to)) continue;
    if (a.id === b.id) continue;
    if (d.excludeSameOrganisation && a.organisationId && a.organisationId === b.organisationId) continue;
    if (d.excludeSameSite && a.siteIds.some((s) => b.siteIds.includes(s))) continue;
    out.push([a.id, b.id]);
  }
  return out;
}

test('same seed and frame give identical pairs, whatever order the frame arrives in; another seed differs', () => {
  const frame = makeFrame(60);
  const d = design({ pairCount: 30, strata: [{ from: 'treatment', to: 'mutual_aid', count: 12 }, { from: 'housing', to: 'lero_peer_support', count: 18 }], maxContactsPerService: 3 });
  const first = drawPairs(frame, d, 12345);
  const reversed = drawPairs([...frame].reverse(), d, 12345);
  expect(reversed).toEqual(first);
  expect(drawPairs(frame, d, 12346)).not.toEqual(first);
  expect(first.map((p) => p.pairNumber)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
});

test('a draw keeps every rule: exclusions, stratum counts and categories, no repeats, the contact cap', () => {
  const frame = makeFrame(80);
  const byId = new Map(frame.map((f) => [f.id, f]));
  const d = design({ pairCount: 50, strata: [{ from: 'treatment', to: 'mutual_aid', count: 20 }, { from: 'treatment', to: 'housing', count: 15 }, { from: 'mutual_aid', to: 'treatment', count: 15 }], maxContactsPerService: 2 });
  for (const seed of [1, 2, 3, 99, 2 ** 31 - 1]) {
    const pairs = drawPairs(frame, d, seed);
    expect(pairs).toHaveLength(50);
    const allowed = new Set(d.strata.flatMap((s) => bruteAllowed(frame, d, s.from, s.to).map(([a, b]) => `${a}|${b}`)));
    for (const p of pairs) expect(allowed.has(`${p.aId}|${p.bId}`)).toBe(true);
    expect(new Set(pairs.map((p) => `${p.aId}|${p.bId}`)).size).toBe(50);
    const counts = new Map<string, number>();
    for (const p of pairs) counts.set(p.aId, (counts.get(p.aId) ?? 0) + 1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    for (const s of d.strata) {
      const inStratum = pairs.filter((p) => p.stratum === `${s.from}>${s.to}`);
      expect(inStratum).toHaveLength(s.count);
      for (const p of inStratum) expect([byId.get(p.aId)!.category, byId.get(p.bId)!.category]).toEqual([s.from, s.to]);
    }
  }
});

test('allowed-pair counts equal brute force over A × B', () => {
  const frame = canonicalFrame(makeFrame(70));
  for (const opts of [{ excludeSameOrganisation: true, excludeSameSite: true }, { excludeSameOrganisation: false, excludeSameSite: true }, { excludeSameOrganisation: true, excludeSameSite: false }, { excludeSameOrganisation: false, excludeSameSite: false }]) {
    const d = design({ ...opts, strata: [{ from: 'treatment', to: 'treatment', count: 1 }, { from: 'mutual_aid', to: 'housing', count: 1 }] });
    const plans = planStrata(frame, d);
    expect(plans.map((p) => p.possible)).toEqual(d.strata.map((s) => bruteAllowed(frame, d, s.from, s.to).length));
    const all = planStrata(frame, design(opts));
    expect(all[0].possible).toBe(bruteAllowed(frame, design(opts), null, null).length);
  }
});

test('maximum flow equals the min-cut formula min over X of Σ_{h∈X} d_h + Σ_A min(c_A, Σ_{h∉X} v_Ah)', () => {
  const random = seededRandom(42);
  for (let trial = 0; trial < 200; trial++) {
    const m = random.int(1, 12);
    const k = random.int(1, 4);
    const cap = random.int(1, 5);
    const rows = Array.from({ length: m }, () => Array.from({ length: k }, () => (random.int(0, 2) === 0 ? 0 : random.int(1, 6))));
    const demands = Array.from({ length: k }, () => random.int(0, 15));
    let best = Infinity;
    for (let mask = 0; mask < 1 << k; mask++) {
      let cut = 0;
      for (let h = 0; h < k; h++) if (mask & (1 << h)) cut += demands[h];
      for (const row of rows) {
        const total = row.reduce((s, v) => s + v, 0);
        const open = row.reduce((s, v, h) => s + (mask & (1 << h) ? 0 : v), 0);
        cut += Math.min(Math.min(cap, total), open);
      }
      best = Math.min(best, cut);
    }
    expect(maxFlow(rows, cap, demands)).toBe(best);
  }
});

test('asking for more than the frame allows names the most possible, per stratum and overall', () => {
  const frame = makeFrame(40); // 10 per category
  const d0 = design({ pairCount: 100000 });
  const n = bruteAllowed(frame, d0, null, null).length;
  expect(() => drawPairs(frame, d0, 1)).toThrow(TooManyPairs);
  try { drawPairs(frame, d0, 1); } catch (e) { expect((e as TooManyPairs).problems).toEqual([{ field: 'design.pairCount', maximum: n }]); }
  // Exactly the maximum is drawable.
  expect(drawPairs(frame, design({ pairCount: n }), 1)).toHaveLength(n);

  // Cap 2, 10 treatment services: treatment → * can give at most 20 together.
  const capped = design({ pairCount: 30, maxContactsPerService: 2, strata: [{ from: 'treatment', to: 'mutual_aid', count: 15 }, { from: 'treatment', to: 'housing', count: 15 }] });
  try { checkCapacity(frame, capped); throw new Error('expected TooManyPairs'); } catch (e) {
    expect((e as TooManyPairs).problems).toEqual([{ field: 'design.pairCount', maximum: 20 }]);
  }
  const over = design({ pairCount: 25, maxContactsPerService: 2, strata: [{ from: 'treatment', to: 'mutual_aid', count: 25 }] });
  try { checkCapacity(frame, over); throw new Error('expected TooManyPairs'); } catch (e) {
    expect((e as TooManyPairs).problems).toEqual([{ field: 'design.strata.0.count', maximum: 20 }, { field: 'design.pairCount', maximum: 20 }]);
  }
  // At the cap limit the draw still succeeds.
  expect(drawPairs(frame, design({ pairCount: 20, maxContactsPerService: 2, strata: [{ from: 'treatment', to: 'mutual_aid', count: 10 }, { from: 'treatment', to: 'housing', count: 10 }] }), 5)).toHaveLength(20);
});

test('each allowed pair is equally likely (one pair drawn, 6,000 seeds)', () => {
  const frame = makeFrame(4).map((f) => ({ ...f, organisationId: null, siteIds: [f.id] })); // 12 allowed ordered pairs
  const counts = new Map<string, number>();
  for (let seed = 0; seed < 6000; seed++) {
    const [p] = drawPairs(frame, design({ pairCount: 1 }), seed);
    counts.set(`${p.aId}|${p.bId}`, (counts.get(`${p.aId}|${p.bId}`) ?? 0) + 1);
  }
  expect(counts.size).toBe(12);
  // Expected 500 each; sd ≈ 21. A chi-square on 11 df above 31.3 has p < 0.001.
  const chi = [...counts.values()].reduce((s, c) => s + (c - 500) ** 2 / 500, 0);
  expect(chi).toBeLessThan(31.3);
});

test('large strata (rejection sampling) keep the rules too', () => {
  const frame = makeFrame(2400);
  const d = design({ pairCount: 3000, maxContactsPerService: 4, strata: [{ from: 'treatment', to: 'mutual_aid', count: 1500 }, { from: 'housing', to: 'lero_peer_support', count: 1500 }] });
  const pairs = drawPairs(frame, d, 77);
  expect(pairs).toHaveLength(3000);
  expect(new Set(pairs.map((p) => `${p.aId}|${p.bId}`)).size).toBe(3000);
  const perA = new Map<string, number>();
  for (const p of pairs) perA.set(p.aId, (perA.get(p.aId) ?? 0) + 1);
  expect(Math.max(...perA.values())).toBeLessThanOrEqual(4);
  expect(drawPairs(frame, d, 77)).toEqual(pairs);
});
