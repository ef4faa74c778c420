import type { Approach, Design, FrameFilters, Rubric } from './types';

/**
 * Whether two campaigns measure the same thing, so that after − before is a change and not
 * a difference of definitions (docs/linkage-method.md §5.4). Pure. `comparable` is false
 * when the frame's filters, the strata or the rubric differ: the HTTP layer refuses such a
 * comparison unless asked to go on, and always shows the problems. Other differences
 * (approach, exclusions, cap, attempts) are warnings: they can move the rates.
 */
export type ComparableCampaign = {
  frameFilters: FrameFilters;
  design: Pick<Design, 'strata' | 'excludeSameOrganisation' | 'excludeSameSite' | 'maxContactsPerService'>;
  rubric: Rubric;
  approach: Approach;
};
export type ComparabilityProblem = { code: 'frame_differs' | 'strata_differ' | 'rubric_differs' | 'approach_differs' | 'design_differs' | 'attempts_differ'; severity: 'refuse' | 'warn'; field: string; message: string };
export type Comparability = { comparable: boolean; problems: ComparabilityProblem[] };

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
const list = (xs: readonly string[]) => (xs.length ? xs.join(', ') : 'any');

export function comparability(after: ComparableCampaign, before: ComparableCampaign): Comparability {
  const problems: ComparabilityProblem[] = [];
  const f1 = after.frameFilters;
  const f2 = before.frameFilters;
  for (const key of ['categories', 'whoFor', 'organisationKinds', 'areaCodes'] as const) {
    if (!sameSet(f1[key] ?? [], f2[key] ?? [])) {
      problems.push({ code: 'frame_differs', severity: 'refuse', field: `frame.${key}`, message: `The frames differ in ${key}: ${list(f1[key] ?? [])} now, ${list(f2[key] ?? [])} before.` });
    }
  }
  const strata = (d: ComparableCampaign['design']) => d.strata.map((s) => `${s.from}>${s.to}`);
  if (!sameSet(strata(after.design), strata(before.design))) {
    problems.push({ code: 'strata_differ', severity: 'refuse', field: 'design.strata', message: `The strata differ: ${list(strata(after.design))} now, ${list(strata(before.design))} before; the rates describe different sets of pairs.` });
  }
  const outcomes = (r: Rubric) => r.outcomes.map((o) => `${o.code}:${o.label.trim().toLowerCase()}:${o.description.trim().toLowerCase()}`);
  if (!sameSet(outcomes(after.rubric), outcomes(before.rubric))) {
    problems.push({ code: 'rubric_differs', severity: 'refuse', field: 'rubric.outcomes', message: 'The outcome rubric is worded differently, so the same code may not mean the same answer.' });
  }
  if (after.rubric.maxAttempts !== before.rubric.maxAttempts) {
    problems.push({ code: 'attempts_differ', severity: 'warn', field: 'rubric.maxAttempts', message: `Up to ${after.rubric.maxAttempts} attempts now, ${before.rubric.maxAttempts} before: reach is not measured alike.` });
  }
  if (after.approach !== before.approach) {
    problems.push({ code: 'approach_differs', severity: 'warn', field: 'approach', message: `The approach changed (${before.approach} → ${after.approach}); services may answer a disclosed test better.` });
  }
  for (const key of ['excludeSameOrganisation', 'excludeSameSite', 'maxContactsPerService'] as const) {
    if (after.design[key] !== before.design[key]) {
      problems.push({ code: 'design_differs', severity: 'warn', field: `design.${key}`, message: `design.${key} differs (${String(after.design[key])} now, ${String(before.design[key])} before).` });
    }
  }
  return { comparable: !problems.some((p) => p.severity === 'refuse'), problems };
}
