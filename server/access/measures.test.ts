import * as fc from 'pure-rand';
import { analyse, gapMeasures, summarise, type DemandCell, type SupplyPoint } from './analyse';
import { matrixSource, straightLineSource } from './distance-source';
import { bandLookup, bandWeight, checkBands, countWithin, deprivationWeight, e2sfca, nearestCost, normaliseToMean, DEFAULT_BANDS } from './measures';

/*
 * The worked example (all on y = 0 except S2), checked on paper:
 *   C1 (0,0) P=100 decile 1 | C2 (1000,0) P=200 decile 5 | C3 (2000,0) P=300 decile 10 | C4 (5000,0) P=50 decile 2
 *   S1 (500,0) capacity 1   | S2 (2000,700) capacity 2
 * Distances: S1→C1 500, C2 500, C3 1500, C4 4500; S2→C1 √4 490 000 = 2119.0, C2 √1 490 000 = 1220.7, C3 700, C4 √9 490 000 = 3080.6.
 * Band weights (≤800 → 1, ≤1600 → 0.68, ≤2400 → 0.22):
 *   R1 = 1 / (100·1 + 200·1 + 300·0.68) = 1/504;  R2 = 2 / (100·0.22 + 200·0.68 + 300·1) = 2/458
 *   A1 = R1 + 0.22·R2;  A2 = R1 + 0.68·R2;  A3 = 0.68·R1 + R2;  A4 = 0
 *   Σ P·A = 3 = S1 + S2, so the population-weighted mean is 3/650.
 */
const cell = (x: number, population: number, decile: number): DemandCell => ({
  x, y: 0, population, imdDecile: decile, deprivationWeight: deprivationWeight(decile), mostDeprivedPopulation: decile === 1 ? population : 0,
});
const cells = [cell(0, 100, 1), cell(1000, 200, 5), cell(2000, 300, 10), cell(5000, 50, 2)];
const supply: SupplyPoint[] = [{ x: 500, y: 0, capacity: 1 }, { x: 2000, y: 700, capacity: 2 }];
const R1 = 1 / 504;
const R2 = 2 / 458;
const A = [R1 + 0.22 * R2, R1 + 0.68 * R2, 0.68 * R1 + R2, 0];
const MEAN = 3 / 650;

test('band weights: edges are inclusive, beyond the last band is 0', () => {
  expect([0, 800, 800.01, 1600, 2400, 2400.5].map((d) => bandWeight(DEFAULT_BANDS, d))).toEqual([1, 1, 0.68, 0.68, 0.22, 0]);
});

test('the constant-time band lookup gives the linear scan\'s weight on random bands and costs', () => {
  let rng = fc.xoroshiro128plus(20261206);
  const next = (max: number) => {
    const [v, r] = fc.uniformIntDistribution(0, max, rng);
    rng = r;
    return v;
  };
  let compared = 0;
  const differ: string[] = [];
  for (let trial = 0; trial < 300; trial++) {
    // 1–10 bands; edges whole metres, tenths, or clustered close together (several in one bucket).
    const n = 1 + next(9);
    const scale = [1, 0.1, 0.001][next(2)];
    const edges: number[] = [];
    let edge = 0;
    for (let i = 0; i < n; i++) edges.push((edge += (1 + next(trial % 3 === 0 ? 3 : 3000)) * scale));
    const bands = edges.map((upTo) => ({ upTo, weight: next(100) / 100 }));
    checkBands(bands);
    const lookup = bandLookup(bands);
    const last = edges[n - 1];
    const costs = [0, ...edges, ...edges.map((e) => e + 1e-9), ...edges.map((e) => e - 1e-9), last * 2, ...Array.from({ length: 200 }, () => (next(1_000_000) / 1_000_000) * last * 1.1)];
    for (const cost of costs) {
      if (lookup(cost) !== bandWeight(bands, cost)) differ.push(`${JSON.stringify(bands)} at ${cost}`);
      compared++;
    }
  }
  expect(differ).toEqual([]);
  expect(compared).toBeGreaterThan(60_000);
  expect([0, 800, 800.01, 1600, 2400, 2400.5].map(bandLookup(DEFAULT_BANDS))).toEqual([1, 1, 0.68, 0.68, 0.22, 0]);
});

test('more than ten bands are refused', () => {
  expect(() => checkBands(Array.from({ length: 11 }, (_, i) => ({ upTo: 100 * (i + 1), weight: 1 })))).toThrow('at most 10 bands');
});

test('distance to the nearest asset', () => {
  const nearest = nearestCost(straightLineSource(cells, supply), cells.length);
  expect(nearest.slice(0, 3)).toEqual([500, 500, 700]);
  expect(nearest[3]).toBeCloseTo(Math.sqrt(9_490_000), 9); // 3080.58 m, to S2
});

test('count within a threshold', () => {
  const source = straightLineSource(cells, supply);
  expect(countWithin(source, cells.length, 800)).toEqual([1, 1, 1, 0]);
  expect(countWithin(source, cells.length, 1600)).toEqual([1, 2, 2, 0]);
});

test('E2SFCA against the hand-worked ratios and scores', () => {
  const { ratio, score } = e2sfca(straightLineSource(cells, supply), cells.map((c) => c.population), [1, 2]);
  expect(ratio[0]).toBeCloseTo(R1, 12);
  expect(ratio[1]).toBeCloseTo(R2, 12);
  score.forEach((a, i) => expect(a).toBeCloseTo(A[i], 12));
});

test('normalised to the population-weighted mean', () => {
  const norm = normaliseToMean(A, cells.map((c) => c.population));
  norm.forEach((v, i) => expect(v).toBeCloseTo(A[i] / MEAN, 12));
  expect(norm[0]).toBeCloseTo(0.63805, 5);
});

test('gap flag, gap score and summary', () => {
  const m = analyse(cells, supply, { threshold: 800, bands: DEFAULT_BANDS, gapFraction: 0.7 });
  // C1 has S1 within 800 m but only 0.638 of the mean access; C4 has nothing within 800 m.
  expect(m.gap).toEqual([true, false, false, true]);
  expect(m.gapScore).toEqual([100 * 1.0, 0, 0, 50 * 0.9]);
  const s = summarise(cells, m);
  expect(s).toMatchObject({
    population: 650, populationCovered: 600, populationNotCovered: 50, populationInGaps: 150,
    mostDeprivedPopulation: 100, mostDeprivedInGaps: 100, mostDeprivedShareInGaps: 1, gapCells: 2, worstGaps: [0, 3],
  });
  expect(s.meanE2sfca).toBeCloseTo(MEAN, 12);
});

test('capacity and bands are configurable', () => {
  const bands = [{ upTo: 1000, weight: 1 }, { upTo: 2000, weight: 0.5 }];
  const { score } = e2sfca(straightLineSource(cells, supply), cells.map((c) => c.population), [3, 2], bands);
  // R1 = 3/(100 + 200 + 300·0.5) = 3/450; R2 = 2/(200·0.5 + 300) = 2/400 (C1 at 2119 m is out)
  expect(score[0]).toBeCloseTo(3 / 450, 12);
  expect(score[1]).toBeCloseTo(3 / 450 + 0.5 * (2 / 400), 12);
});

test('travel time can replace distance: the same measures over an O/D matrix in minutes', () => {
  // Two cells, one service: 5 and 25 minutes away; bands 0–10 min (1), 10–30 min (0.5).
  const m = analyse(
    [cell(0, 10, 3), cell(0, 30, 3)],
    [{ x: 0, y: 0, capacity: 1 }],
    { threshold: 15, bands: [{ upTo: 10, weight: 1 }, { upTo: 30, weight: 0.5 }], gapFraction: 0.5 },
    () => matrixSource([[5], [25]]),
  );
  expect(m.nearest).toEqual([5, 25]);
  expect(m.countWithin).toEqual([1, 0]);
  // R = 1/(10 + 30·0.5) = 1/25 → A = [1/25, 0.5/25]
  expect(m.e2sfca[0]).toBeCloseTo(0.04, 12);
  expect(m.e2sfca[1]).toBeCloseTo(0.02, 12);
});

test('2SFCA identity: Σ P·A = Σ S when every asset reaches some population', () => {
  let rng = fc.xoroshiro128plus(20261124);
  const next = (max: number) => {
    const [v, r] = fc.uniformIntDistribution(0, max, rng);
    rng = r;
    return v;
  };
  const many: DemandCell[] = Array.from({ length: 400 }, () => ({ ...cell(next(20000), next(2000), 1 + next(9)), y: next(20000) }));
  const assets: SupplyPoint[] = Array.from({ length: 60 }, () => ({ x: next(20000), y: next(20000), capacity: 1 + next(4) }));
  const source = straightLineSource(many, assets);
  const { score, ratio } = e2sfca(source, many.map((c) => c.population), assets.map((a) => a.capacity));
  expect(ratio.every((r) => r > 0)).toBe(true); // every asset reaches someone in this layout
  const lhs = many.reduce((s, c, i) => s + c.population * score[i], 0);
  const rhs = assets.reduce((s, a) => s + a.capacity, 0);
  expect(lhs).toBeCloseTo(rhs, 9);
});

test('the gap measure is a plain-data job: it gives the same answer on a structured clone of its input, and its answer clones unchanged', () => {
  const input = { cells, supply, options: { threshold: 800, bands: DEFAULT_BANDS, gapFraction: 0.7 } };
  const direct = gapMeasures(input);
  expect(gapMeasures(structuredClone(input))).toEqual(direct);
  expect(structuredClone(direct)).toEqual(direct);
  expect(direct).toEqual(analyse(cells, supply, input.options));
});
