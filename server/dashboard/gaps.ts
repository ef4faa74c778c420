import type { GapCell } from '../gaps/demand';

/**
 * "Where the gaps are", aggregated from the gap service's own cells and flags (pure;
 * gaps.test.ts). A cell belongs to a place by the area most of its people live in, so a
 * town's figures are the sums over its cells, and the whole partnership's equal the gap
 * summary's (the same sums over every cell).
 */
export type CellGapInput = { cells: readonly GapCell[]; gap: readonly boolean[]; covered: readonly boolean[]; gapScore: readonly number[] };

const people = (v: number) => Math.round(v * 10) / 10;
const share = (x: number, n: number) => (n > 0 ? Math.round((x / n) * 10_000) / 10_000 : null);

export type DecileRow = { decile: number; population: number; inGaps: number; share: number | null };

export function gapFigures(input: CellGapInput, include: (areaCode: string | null) => boolean) {
  let population = 0, inGaps = 0, notCovered = 0, mostDeprived = 0, mostDeprivedInGaps = 0;
  const deciles = Array.from({ length: 10 }, () => ({ population: 0, inGaps: 0 }));
  input.cells.forEach((c, i) => {
    if (!include(c.areaCode)) return;
    population += c.population;
    mostDeprived += c.mostDeprivedPopulation;
    if (!input.covered[i]) notCovered += c.population;
    if (input.gap[i]) {
      inGaps += c.population;
      mostDeprivedInGaps += c.mostDeprivedPopulation;
    }
    if (c.imdDecile !== null && c.imdDecile >= 1 && c.imdDecile <= 10) {
      deciles[c.imdDecile - 1].population += c.population;
      if (input.gap[i]) deciles[c.imdDecile - 1].inGaps += c.population;
    }
  });
  return {
    population: people(population),
    populationInGaps: people(inGaps),
    shareInGaps: share(inGaps, population),
    populationNotCovered: people(notCovered),
    mostDeprivedPopulation: people(mostDeprived),
    mostDeprivedInGaps: people(mostDeprivedInGaps),
    mostDeprivedShareInGaps: share(mostDeprivedInGaps, mostDeprived),
    deciles: deciles.map((d, k): DecileRow => ({ decile: k + 1, population: people(d.population), inGaps: people(d.inGaps), share: share(d.inGaps, d.population) })),
  };
}

/** The highest-scoring gap cells in the place, named by `placeOf` (never by cell code). */
export function worstGapCells(input: CellGapInput, include: (areaCode: string | null) => boolean, placeOf: (c: GapCell) => string, count: number) {
  return input.cells
    .map((_, i) => i)
    .filter((i) => input.gapScore[i] > 0 && include(input.cells[i].areaCode))
    .sort((a, b) => input.gapScore[b] - input.gapScore[a] || a - b)
    .slice(0, count)
    .map((i) => ({ place: placeOf(input.cells[i]), population: people(input.cells[i].population), imdDecile: input.cells[i].imdDecile, gapScore: Math.round(input.gapScore[i] * 10) / 10 }));
}
