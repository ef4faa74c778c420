import type { GapCell } from '../gaps/demand';
import { gapFigures, worstGapCells } from './gaps';

const cell = (id: string, areaCode: string, population: number, imdDecile: number | null, mostDeprivedPopulation = 0): GapCell => ({
  id, x: 0, y: 0, population, imdDecile, deprivationWeight: 1, mostDeprivedPopulation, areaCode, areaName: `Name ${areaCode}`,
});
// Four cells: two in area A (decile 1), one in B (decile 1), one in C (decile 5).
const INPUT = {
  cells: [cell('h1', 'A', 100, 1, 100), cell('h2', 'A', 50, 1, 50), cell('h3', 'B', 200, 1, 200), cell('h4', 'C', 400, 5)],
  gap: [true, false, true, false],
  covered: [false, false, true, true],
  gapScore: [9, 0, 3, 0],
};

test('whole partnership: population, in gaps, not covered, most deprived, and the decile chart by hand', () => {
  const f = gapFigures(INPUT, () => true);
  expect(f).toMatchObject({ population: 750, populationInGaps: 300, shareInGaps: 0.4, populationNotCovered: 150, mostDeprivedPopulation: 350, mostDeprivedInGaps: 300, mostDeprivedShareInGaps: 0.8571 });
  expect(f.deciles[0]).toEqual({ decile: 1, population: 350, inGaps: 300, share: 0.8571 });
  expect(f.deciles[4]).toEqual({ decile: 5, population: 400, inGaps: 0, share: 0 });
  expect(f.deciles[9]).toEqual({ decile: 10, population: 0, inGaps: 0, share: null });
});

test('one place: only its areas’ cells count', () => {
  const f = gapFigures(INPUT, (code) => code === 'A');
  expect(f).toMatchObject({ population: 150, populationInGaps: 100, shareInGaps: 0.6667, populationNotCovered: 150 });
});

test('worst gaps are named by place, highest score first, never by cell code', () => {
  const w = worstGapCells(INPUT, () => true, (c) => `Town of ${c.areaCode}`, 5);
  expect(w).toEqual([
    { place: 'Town of A', population: 100, imdDecile: 1, gapScore: 9 },
    { place: 'Town of B', population: 200, imdDecile: 1, gapScore: 3 },
  ]);
  expect(worstGapCells(INPUT, (code) => code === 'B', (c) => `Town of ${c.areaCode}`, 5).map((x) => x.place)).toEqual(['Town of B']);
});
