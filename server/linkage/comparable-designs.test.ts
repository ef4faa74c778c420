import { DEFAULT_RUBRIC } from './defaults';
import { designDifferences } from './comparable-designs';

const side = (over: object = {}) => ({
  approach: 'disclosed',
  frameFilters: { categories: ['treatment', 'mutual_aid'], whoFor: [], organisationKinds: [], areaCodes: [] },
  design: { pairCount: 4, strata: [{ from: 'treatment', to: 'mutual_aid', count: 4 }], excludeSameOrganisation: true, excludeSameSite: true, maxContactsPerService: null },
  rubric: DEFAULT_RUBRIC,
  ...over,
});

test('same frame, strata and rubric (order aside, counts aside): comparable', () => {
  const after = side({ frameFilters: { categories: ['mutual_aid', 'treatment'], whoFor: [], organisationKinds: [], areaCodes: [] } });
  expect(designDifferences(side(), after)).toEqual([]);
});

test('each difference is named', () => {
  const after = side({
    frameFilters: { categories: ['treatment'], whoFor: [], organisationKinds: [], areaCodes: [] },
    design: { pairCount: 4, strata: [{ from: 'mutual_aid', to: 'treatment', count: 4 }], excludeSameOrganisation: true, excludeSameSite: true, maxContactsPerService: null },
    rubric: { ...DEFAULT_RUBRIC, maxAttempts: 5 },
  });
  expect(designDifferences(side(), after).map((d) => d.field)).toEqual(['frame', 'strata', 'rubric']);
});
