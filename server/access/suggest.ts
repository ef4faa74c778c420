import { straightLineSource, type GridPoint } from './distance-source';
import type { DemandCell, SourceFactory } from './analyse';

export type Suggestion = {
  /** Index into the candidate list. */
  candidate: number;
  /** Cells this site would newly bring within the threshold. */
  newlyCovered: number[];
  population: number;
  /** Σ population × deprivation weight of the newly covered cells: what the greedy step maximises. */
  weightedPopulation: number;
  /** Of `population`, the people living in IMD decile 1 areas. */
  mostDeprivedPopulation: number;
  /** Population-weighted mean IMD decile of the newly covered people (null when unknown). */
  meanImdDecile: number | null;
};

/**
 * Greedy maximal coverage (Church & ReVelle 1974): pick up to k candidate sites one at a
 * time, each the one that brings the most deprivation-weighted people not yet within the
 * threshold of any supply within it. Stops early when no candidate adds anyone. Greedy is
 * within (1 − 1/e) of the best possible cover and is explainable step by step.
 */
export function suggestSites(
  cells: readonly DemandCell[],
  coveredNow: readonly boolean[],
  candidates: readonly GridPoint[],
  threshold: number,
  k: number,
  makeSource: SourceFactory = straightLineSource,
): Suggestion[] {
  const source = makeSource(cells, candidates);
  const reach = candidates.map((_, j) => source.demandsWithin(j, threshold).map((r) => r.index));
  const covered = [...coveredNow];
  const weight = (i: number) => cells[i].population * cells[i].deprivationWeight;
  const chosen: Suggestion[] = [];
  while (chosen.length < k) {
    let best = -1;
    let bestGain = 0;
    reach.forEach((cellsInReach, j) => {
      let gain = 0;
      for (const i of cellsInReach) if (!covered[i]) gain += weight(i);
      if (gain > bestGain) {
        bestGain = gain;
        best = j;
      }
    });
    if (best < 0) break;
    const newlyCovered = reach[best].filter((i) => !covered[i]).sort((a, b) => a - b);
    for (const i of newlyCovered) covered[i] = true;
    chosen.push(explain(cells, best, newlyCovered, bestGain));
  }
  return chosen;
}

function explain(cells: readonly DemandCell[], candidate: number, newlyCovered: number[], weightedPopulation: number): Suggestion {
  let population = 0, deprived = 0, decileSum = 0, decilePop = 0;
  for (const i of newlyCovered) {
    const c = cells[i];
    population += c.population;
    deprived += c.mostDeprivedPopulation;
    if (c.imdDecile !== null) {
      decileSum += c.imdDecile * c.population;
      decilePop += c.population;
    }
  }
  return {
    candidate,
    newlyCovered,
    population,
    weightedPopulation,
    mostDeprivedPopulation: deprived,
    meanImdDecile: decilePop > 0 ? decileSum / decilePop : null,
  };
}
