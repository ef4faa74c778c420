import { demandCells } from './demand';
import type { Grid } from './repo';

/*
 * Two areas, three cells. Area A: 1,000 people, decile 1, 4 small-user postcodes: 3 in
 * cell c1, 1 in c2. Area B: 600 people, decile 10, no postcodes: 25% of its surface in c2,
 * 75% in c3. So c1 = 750 (all A), c2 = 250 (A) + 150 (B) = 400, c3 = 450 (B).
 */
const cell = (id: string, contributions: { area: number; share: number }[]) => ({ id, x: 0, y: 0, lng: 0, lat: 0, geometry: '{}', contributions });
const grid: Grid = {
  areas: [
    { code: 'A', name: 'Area A', population: 1000, groups: { older_people: 200 }, imdDecile: 1 },
    { code: 'B', name: 'Area B', population: 600, groups: {}, imdDecile: 10 },
  ],
  cells: [cell('c1', [{ area: 0, share: 0.75 }]), cell('c2', [{ area: 0, share: 0.25 }, { area: 1, share: 0.25 }]), cell('c3', [{ area: 1, share: 0.75 }])],
  areasWithoutPostcodes: 1,
};

test('population, deprivation and the main area per cell, worked by hand', () => {
  const { cells, basis } = demandCells(grid);
  expect(basis).toBe('total_population');
  expect(cells.map((c) => c.population)).toEqual([750, 400, 450]);
  expect(cells.map((c) => c.mostDeprivedPopulation)).toEqual([750, 250, 0]);
  expect(cells.map((c) => c.areaName)).toEqual(['Area A', 'Area A', 'Area B']);
  expect(cells.map((c) => c.imdDecile)).toEqual([1, 1, 10]);
  // c2: (250 × 1.0 + 150 × 0.1) / 400 = 0.6625
  expect(cells[1].deprivationWeight).toBeCloseTo(0.6625, 12);
});

test('group counts are used only when every area has them', () => {
  expect(demandCells(grid, 'older_people').basis).toBe('total_population');
  const both: Grid = { ...grid, areas: [grid.areas[0], { ...grid.areas[1], groups: { older_people: 100 } }] };
  const { cells, basis } = demandCells(both, 'older_people');
  expect(basis).toBe('group_counts');
  expect(cells.map((c) => c.population)).toEqual([150, 75, 75]);
});
