import { comparability, type ComparableCampaign } from './comparability';
import { DEFAULT_RUBRIC } from './defaults';

const spring: ComparableCampaign = {
  frameFilters: { categories: ['treatment', 'mutual_aid', 'lero_peer_support', 'housing'], whoFor: [], organisationKinds: [], areaCodes: [] },
  design: { strata: [{ from: 'treatment', to: 'mutual_aid', count: 30 }, { from: 'housing', to: 'lero_peer_support', count: 30 }], excludeSameOrganisation: true, excludeSameSite: true, maxContactsPerService: 4 },
  rubric: DEFAULT_RUBRIC,
  approach: 'disclosed',
};

test('the same design with another seed and other counts is comparable, whatever the order of lists', () => {
  const autumn: ComparableCampaign = { ...spring, frameFilters: { ...spring.frameFilters, categories: [...spring.frameFilters.categories].reverse() }, design: { ...spring.design, strata: [...spring.design.strata].reverse().map((s) => ({ ...s, count: 40 })) } };
  expect(comparability(autumn, spring)).toEqual({ comparable: true, problems: [] });
});

test('the demo\'s interim health → mutual-aid campaign against spring: frame and strata differ, refused', () => {
  const interim: ComparableCampaign = {
    ...spring,
    frameFilters: { ...spring.frameFilters, categories: ['health', 'mutual_aid', 'harm_reduction', 'recovery_community'] },
    design: { ...spring.design, strata: [{ from: 'health', to: 'mutual_aid', count: 15 }, { from: 'harm_reduction', to: 'recovery_community', count: 15 }], maxContactsPerService: 3 },
  };
  const c = comparability(interim, spring);
  expect(c.comparable).toBe(false);
  expect(c.problems.map((p) => [p.code, p.severity, p.field])).toEqual([
    ['frame_differs', 'refuse', 'frame.categories'],
    ['strata_differ', 'refuse', 'design.strata'],
    ['design_differs', 'warn', 'design.maxContactsPerService'],
  ]);
});

test('a reworded rubric refuses; fewer attempts or another approach only warn', () => {
  const reworded = { ...spring, rubric: { ...DEFAULT_RUBRIC, outcomes: DEFAULT_RUBRIC.outcomes.map((o) => (o.code === 3 ? { ...o, label: 'Booked a referral' } : o)) } };
  expect(comparability(reworded, spring).problems.map((p) => p.code)).toEqual(['rubric_differs']);
  const warned = comparability({ ...spring, approach: 'simulated_enquiry', rubric: { ...DEFAULT_RUBRIC, maxAttempts: 2 } }, spring);
  expect(warned.comparable).toBe(true);
  expect(warned.problems.map((p) => [p.code, p.severity])).toEqual([['attempts_differ', 'warn'], ['approach_differs', 'warn']]);
});
