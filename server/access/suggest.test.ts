import { deprivationWeight } from './measures';
import { suggestSites } from './suggest';
import type { DemandCell } from './analyse';

/*
 * Worked greedy example, threshold 800 m, no supply yet, candidates at the cell centres:
 *   U1 (0,0) P=100 decile 1 (w 1.0) | U2 (700,0) P=100 decile 10 (w 0.1) | U3 (1400,0) P=100 decile 1 | U4 (5000,0) P=60 decile 3 (w 0.8)
 * Reach within 800 m: U1 → {U1,U2} = 110; U2 → {U1,U2,U3} = 210; U3 → {U2,U3} = 110; U4 → {U4} = 48.
 * Step 1 picks U2 (210); then only U4 is uncovered, step 2 picks U4 (48); step 3 finds nothing to add.
 */
const cell = (x: number, population: number, decile: number): DemandCell => ({
  x, y: 0, population, imdDecile: decile, deprivationWeight: deprivationWeight(decile), mostDeprivedPopulation: decile === 1 ? population : 0,
});
const cells = [cell(0, 100, 1), cell(700, 100, 10), cell(1400, 100, 1), cell(5000, 60, 3)];

test('greedy maximal coverage picks the best site, then the best of what is left, and explains each', () => {
  const picks = suggestSites(cells, [false, false, false, false], cells, 800, 3);
  expect(picks).toHaveLength(2);
  expect(picks[0]).toEqual({ candidate: 1, newlyCovered: [0, 1, 2], population: 300, weightedPopulation: 210, mostDeprivedPopulation: 200, meanImdDecile: 4 });
  expect(picks[1]).toMatchObject({ candidate: 3, newlyCovered: [3], population: 60, mostDeprivedPopulation: 0, meanImdDecile: 3 });
  expect(picks[1].weightedPopulation).toBeCloseTo(48, 12);
});

test('cells already covered by existing supply count for nothing', () => {
  const picks = suggestSites(cells, [true, true, false, false], cells, 800, 1);
  // U2 would add only U3 (100) and U3 likewise (100); U4 adds 48. Ties go to the first candidate.
  expect(picks[0]).toMatchObject({ candidate: 1, newlyCovered: [2], population: 100, weightedPopulation: 100 });
});
