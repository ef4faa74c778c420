import { ASSET_CATEGORIES, COST, WHO_FOR } from './vocabulary';
import { codeFor, labelsOf, normaliseTerm } from './synonyms';

test('what people write for a category reads as its code (issue 17: "Mutual aid", "mutual-aid", "AA meeting")', () => {
  const cases: [string, string][] = [
    ['Mutual aid', 'mutual_aid'], ['mutual-aid', 'mutual_aid'], ['AA meeting', 'mutual_aid'], ['AA meetings', 'mutual_aid'], ['SMART Recovery', 'mutual_aid'],
    ['mutual_aid', 'mutual_aid'], ['Recovery café', 'recovery_community'], ['Recovery cafe', 'recovery_community'], ['Needle exchange', 'harm_reduction'],
    ['LERO', 'lero_peer_support'], ['Peer support', 'lero_peer_support'], ['Housing', 'housing'], ['Health', 'health'], ['Walking group', 'social_leisure_arts'],
    ['Advice', 'advice'], ['Family & carer support', 'family_carer_support'], ['Education, training and employment', 'education_training_employment'],
  ];
  for (const [written, code] of cases) expect([written, codeFor('category', written)]).toEqual([written, code]);
  // Every label and code reads back as itself.
  for (const v of ASSET_CATEGORIES) expect([codeFor('category', v.label), codeFor('category', v.code)]).toEqual([v.code, v.code]);
  for (const v of WHO_FOR) expect(codeFor('whoFor', v.label)).toBe(v.code);
  for (const v of COST) expect(codeFor('cost', v.label)).toBe(v.code);
  expect(codeFor('category', 'Knitting')).toBeNull();
});

test('who-for and cost in everyday words', () => {
  expect(['Women only', 'LGBT', 'Young people', '18-25', 'Homeless', 'Families'].map((w) => codeFor('whoFor', w)))
    .toEqual(['women', 'lgbtq', 'young_adults', 'young_adults', 'homeless_inclusion_health', 'families_carers']);
  expect(['Free', 'free of charge', 'Donations', 'Low-cost'].map((w) => codeFor('cost', w))).toEqual(['free', 'free', 'low_cost', 'low_cost']);
  expect(codeFor('whoFor', 'Everyone')).toBeNull();
});

test('labels for the error message, in vocabulary order; spellings compared without case, accents or punctuation', () => {
  expect(labelsOf('cost')).toEqual(['Free', 'Low cost', 'Paid', 'Varies']);
  expect(normaliseTerm('  Recovery Café / Hub! ')).toBe('recovery cafe hub');
  expect(normaliseTerm('Family & Carers')).toBe('family and carers');
});
