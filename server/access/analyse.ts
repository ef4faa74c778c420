import { straightLineSource, type DistanceSource, type GridPoint } from './distance-source';
import { DEFAULT_BANDS, countWithin, e2sfca, gapScore, isGap, nearestCost, normaliseToMean, populationWeightedMean, type Band } from './measures';

/** A cell of the analysis grid: where people live, and how deprived it is. */
export type DemandCell = GridPoint & {
  population: number;
  /** IMD decile of the area contributing most of the cell's people (1 = most deprived in England). */
  imdDecile: number | null;
  /** Population-weighted deprivation weight of the cell's areas (see deprivationWeight). */
  deprivationWeight: number;
  /** People in the cell who live in an IMD decile 1 area (England's most deprived tenth). */
  mostDeprivedPopulation: number;
};

/** A place offering the service; capacity 1 unless the data says otherwise. */
export type SupplyPoint = GridPoint & { capacity: number };

export type AnalysisOptions = {
  /** "Within reach" for the count, the gap flag and coverage (the source's unit). */
  threshold: number;
  bands: readonly Band[];
  /** A cell whose normalised E2SFCA is below this fraction of the mean is a gap. */
  gapFraction: number;
};

export const DEFAULT_OPTIONS: AnalysisOptions = { threshold: 1600, bands: DEFAULT_BANDS, gapFraction: 0.5 };

export type SourceFactory = (demand: readonly GridPoint[], supply: readonly GridPoint[]) => DistanceSource;

export type CellMeasures = {
  nearest: (number | null)[];
  countWithin: number[];
  e2sfca: number[];
  e2sfcaNorm: number[];
  gap: boolean[];
  gapScore: number[];
};

/** Every measure for one category (or one population group's supply) over every cell. */
export function analyse(
  cells: readonly DemandCell[],
  supply: readonly SupplyPoint[],
  options: AnalysisOptions,
  makeSource: SourceFactory = straightLineSource,
): CellMeasures {
  const source = makeSource(cells, supply);
  const population = cells.map((c) => c.population);
  const nearest = nearestCost(source, cells.length);
  const count = countWithin(source, cells.length, options.threshold);
  const { score } = e2sfca(source, population, supply.map((s) => s.capacity), options.bands);
  const norm = normaliseToMean(score, population);
  const gap = cells.map((_, i) => isGap(count[i], norm[i], options.gapFraction));
  return {
    nearest,
    countWithin: count,
    e2sfca: score,
    e2sfcaNorm: norm,
    gap,
    gapScore: cells.map((c, i) => gapScore(gap[i], c.population, c.deprivationWeight)),
  };
}

/**
 * `analyse` over straight-line distances as one plain-data job: the input and the output
 * are structured-cloneable (no functions, no class instances), so it can be handed to a
 * worker thread unchanged. The gap service calls it for every analysis and what-if.
 */
export function gapMeasures(input: { cells: readonly DemandCell[]; supply: readonly SupplyPoint[]; options: AnalysisOptions }): CellMeasures {
  return analyse(input.cells, input.supply, input.options);
}

export type AnalysisSummary = {
  population: number;
  /** People with at least one supply point within the threshold. */
  populationCovered: number;
  populationNotCovered: number;
  populationInGaps: number;
  mostDeprivedPopulation: number;
  mostDeprivedInGaps: number;
  /** Share of decile-1 people living in gap cells; null when the partnership has none. */
  mostDeprivedShareInGaps: number | null;
  gapCells: number;
  /** Population-weighted mean E2SFCA (what e2sfca_norm divides by). */
  meanE2sfca: number;
  /** The gap cells with the highest gap score, worst first (cell indexes). */
  worstGaps: number[];
};

export function summarise(cells: readonly DemandCell[], m: CellMeasures, worst = 10): AnalysisSummary {
  let population = 0, covered = 0, inGaps = 0, deprived = 0, deprivedInGaps = 0, gapCells = 0;
  cells.forEach((c, i) => {
    population += c.population;
    deprived += c.mostDeprivedPopulation;
    if (m.countWithin[i] > 0) covered += c.population;
    if (m.gap[i]) {
      gapCells++;
      inGaps += c.population;
      deprivedInGaps += c.mostDeprivedPopulation;
    }
  });
  const worstGaps = cells
    .map((_, i) => i)
    .filter((i) => m.gapScore[i] > 0)
    .sort((a, b) => m.gapScore[b] - m.gapScore[a] || a - b)
    .slice(0, worst);
  return {
    population,
    populationCovered: covered,
    populationNotCovered: population - covered,
    populationInGaps: inGaps,
    mostDeprivedPopulation: deprived,
    mostDeprivedInGaps: deprivedInGaps,
    mostDeprivedShareInGaps: deprived > 0 ? deprivedInGaps / deprived : null,
    gapCells,
    meanE2sfca: populationWeightedMean(m.e2sfca, cells.map((c) => c.population)),
    worstGaps,
  };
}
