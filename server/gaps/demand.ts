import type { DemandCell } from '../access/analyse';
import { deprivationWeight } from '../access/measures';
import type { Grid } from './repo';

/** A demand cell as the API reports it: with the area most of its people live in. */
export type GapCell = DemandCell & { id: string; areaCode: string | null; areaName: string | null };

export type DemandBasis = 'total_population' | 'group_counts';

/**
 * People per cell from the grid's dasymetric shares (pure). With a population group, the
 * group's own counts are used when every area has one; otherwise the total population,
 * and the caller says so.
 */
export function demandCells(grid: Grid, group?: string): { cells: GapCell[]; basis: DemandBasis } {
  const useGroup = group !== undefined && grid.areas.length > 0 && grid.areas.every((a) => typeof a.groups[group] === 'number');
  const peopleOf = (n: number) => (useGroup ? grid.areas[n].groups[group!] : grid.areas[n].population ?? 0);
  const cells = grid.cells.map((c): GapCell => {
    let population = 0, weighted = 0, deprived = 0, dominant = -1, dominantPeople = -1, dominantShare = -1;
    for (const { area, share } of c.contributions) {
      const people = peopleOf(area) * share;
      const decile = grid.areas[area].imdDecile;
      population += people;
      weighted += people * deprivationWeight(decile);
      if (decile === 1) deprived += people;
      if (people > dominantPeople || (people === dominantPeople && share > dominantShare)) {
        dominant = area;
        dominantPeople = people;
        dominantShare = share;
      }
    }
    const main = dominant >= 0 ? grid.areas[dominant] : null;
    return {
      id: c.id,
      x: c.x,
      y: c.y,
      population,
      imdDecile: main?.imdDecile ?? null,
      deprivationWeight: population > 0 ? weighted / population : deprivationWeight(main?.imdDecile ?? null),
      mostDeprivedPopulation: deprived,
      areaCode: main?.code ?? null,
      areaName: main?.name ?? null,
    };
  });
  return { cells, basis: useGroup ? 'group_counts' : 'total_population' };
}
