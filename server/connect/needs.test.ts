import { mergeNeeds, needsFromWords, NO_NEEDS } from './needs';

test('a sentence as a navigator says it', () => {
  const { needs, unread } = needsFromWords("A women's group that meets on a weekday evening, free, step-free, self-referral");
  expect(needs).toEqual({
    categories: [], whoFor: ['women'], days: [1, 2, 3, 4, 5], times: ['evening'],
    free: true, stepFree: true, selfReferral: true, online: false,
  });
  expect(unread).toEqual([]);
});

test('kinds of support and audiences by their everyday names; longest phrase first', () => {
  expect(needsFromWords('AA meeting for young people').needs).toMatchObject({ categories: ['mutual_aid'], whoFor: ['young_adults'] });
  expect(needsFromWords('LGBTQ+ peer support online').needs).toMatchObject({ categories: ['lero_peer_support'], whoFor: ['lgbtq'], online: true });
  expect(needsFromWords('family support').needs).toMatchObject({ categories: ['family_carer_support'], whoFor: [] });
  expect(needsFromWords('recovery cafe on Saturday mornings').needs).toMatchObject({ categories: ['recovery_community'], days: [6], times: ['morning'] });
  expect(needsFromWords('weekends, wheelchair accessible').needs).toMatchObject({ days: [0, 6], stepFree: true });
});

test('words that say no need are reported, filler is not', () => {
  expect(needsFromWords('knitting near Halifax please').unread).toEqual(['knitting', 'halifax']);
});

test('merging keeps every need from either', () => {
  const a = { ...NO_NEEDS, categories: ['housing'], days: [5], times: ['evening' as const] };
  const b = { ...NO_NEEDS, categories: ['advice'], days: [1], times: ['morning' as const], free: true };
  expect(mergeNeeds(a, b)).toEqual({ ...NO_NEEDS, categories: ['housing', 'advice'], days: [1, 5], times: ['morning', 'evening'], free: true });
});
