import type { Design, FrameFilters, Rubric } from './types';

/**
 * Whether two campaigns measured the same thing (pure; issue 21, item 4): a difference
 * in rates between campaigns whose frames, strata or rubrics differ may be the design's,
 * not the system's. The comparison is still given, with each difference named.
 */
export type DesignDifference = { field: 'frame' | 'strata' | 'rubric' | 'approach'; message: string };
type Side = { approach: string; frameFilters: FrameFilters; design: Design; rubric: Rubric };

const sorted = (xs: readonly string[]) => [...xs].sort().join(',');

export function designDifferences(before: Side, after: Side): DesignDifference[] {
  const out: DesignDifference[] = [];
  if (before.approach !== after.approach) out.push({ field: 'approach', message: `the approach differs (${before.approach} before, ${after.approach} after)` });
  const frameKeys = ['categories', 'whoFor', 'organisationKinds', 'areaCodes'] as const;
  for (const k of frameKeys) {
    if (sorted(before.frameFilters[k] ?? []) !== sorted(after.frameFilters[k] ?? [])) out.push({ field: 'frame', message: `the frames' ${k} filters differ` });
  }
  const strata = (d: Design) => sorted(d.strata.map((s) => `${s.from}>${s.to}`));
  if (strata(before.design) !== strata(after.design)) out.push({ field: 'strata', message: 'the strata (category pairs) differ' });
  const codes = (r: Rubric) => r.outcomes.map((o) => `${o.code}:${o.label}`).join('|');
  if (codes(before.rubric) !== codes(after.rubric)) out.push({ field: 'rubric', message: "the rubrics' outcome codes differ" });
  if (before.rubric.maxAttempts !== after.rubric.maxAttempts) out.push({ field: 'rubric', message: `the most attempts per pair differ (${before.rubric.maxAttempts} before, ${after.rubric.maxAttempts} after)` });
  return out;
}
