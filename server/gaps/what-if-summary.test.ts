import { gapMeasures, summarise, DEFAULT_OPTIONS, type DemandCell } from '../access/analyse';
import { describeWhatIf } from './what-if-summary';

/*
 * Hand-worked (distances in metres, default bands 0–800 m ×1, 800–1,600 m ×0.68):
 *   A: 100 people beside site S1;  B: 1,000 people 1,200 m from S1;  C: 40 people 20 km away.
 * Before (S1 only): R1 = 1 / (100·1 + 1000·0.68) = 1/780. Access A = 1/780, B = 0.68/780, C = 0.
 *   Mean access = Σ P·A / Σ P = 1/1140, so B is at 0.68·1140/780 = 0.994 of the mean (no gap);
 *   C has nothing within 1,600 m: out of reach 40, in low-access cells 40 (1 cell).
 * After (add S2 beside C): C's access = 1/40; the mean doubles to 2/1140 (+100%), and B, whose
 *   own access did not change, is now at 0.497 of it: below half, so a gap.
 *   Out of reach 0 (40 fewer); in low-access cells 1,000 (1 cell) — more, while the map turns C green.
 */
const cell = (x: number, population: number): DemandCell => ({ x, y: 0, population, imdDecile: 5, deprivationWeight: 0.6, mostDeprivedPopulation: 0 });
const cells = [cell(0, 100), cell(1200, 1000), cell(20_000, 40)];
const s1 = { x: 0, y: 0, capacity: 1 };
const s2 = { x: 20_000, y: 0, capacity: 1 };

test('a new site: out-of-reach falls, the relative gap rises, and the words say both without contradiction', () => {
  const before = summarise(cells, gapMeasures({ cells, supply: [s1], options: DEFAULT_OPTIONS }));
  const after = summarise(cells, gapMeasures({ cells, supply: [s1, s2], options: DEFAULT_OPTIONS }));
  expect(before.meanE2sfca).toBeCloseTo(1 / 1140, 12);
  expect(after.meanE2sfca).toBeCloseTo(2 / 1140, 12);
  const words = describeWhatIf(before, after, { threshold: 1600, gapFraction: 0.5, categoryLabel: 'Mutual aid', sites: 1 });
  expect(words.outOfReach).toBe('People out of reach: 40 → 0 (40 fewer) with 1 hypothetical site. Out of reach: no mutual aid within 1,600 m.');
  expect(words.relative).toBe("People in cells with low relative access: 40 → 1,000 (1 → 1 cells). Low relative access: out of reach, or under 50% of the partnership's average access.");
  expect(words.explanation).toBe("The relative measure compares each cell with the partnership's average, and the new site raises that average (by 100%), " +
    'so some cells whose own access did not change now fall below the line.');
});

test('when the relative figure does not rise there is nothing to explain', () => {
  const base = { populationNotCovered: 77_478.4, populationInGaps: 80_000, gapCells: 300, meanE2sfca: 0.001 };
  const after = { populationNotCovered: 70_340.2, populationInGaps: 72_000, gapCells: 280, meanE2sfca: 0.0011 };
  const words = describeWhatIf(base, after, { threshold: 800, gapFraction: 0.25, categoryLabel: 'Lived experience recovery organisation', sites: 2 });
  expect(words.outOfReach).toBe('People out of reach: 77,478 → 70,340 (7,138 fewer) with 2 hypothetical sites. Out of reach: no lived experience recovery organisation within 800 m.');
  expect(words.relative).toContain('under 25% of');
  expect(words.relative).toContain('80,000 → 72,000 (300 → 280 cells)');
  expect(words.explanation).toBeNull();
});
