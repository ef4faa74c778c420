import { bandOf, participationProfileOf, rungOf, type ProfileEntry, type RoundInput } from './profile';

let n = 0;
const entry = (perspective: ProfileEntry['perspective'], assetId: string | null, level: ProfileEntry['level'], minute = 0): ProfileEntry => ({
  id: `e${String(++n).padStart(3, '0')}`, perspective, assetId, level, recordedAt: new Date(Date.UTC(2026, 11, 1, 10, minute)),
});

const now: RoundInput = {
  perspectives: ['service_provider', 'people_in_treatment'],
  serviceIds: ['s1', 's2', 's3'],
  entries: [
    entry('service_provider', 's1', 'information', 0),
    entry('service_provider', 's1', 'partnership', 5), // supersedes the one above
    entry('service_provider', 's2', 'consultation'),
    entry('service_provider', 's3', 'partnership'),
    entry('service_provider', null, 'participation'),
    entry('people_in_treatment', 's1', 'information'),
    entry('people_in_treatment', 's2', 'consultation'),
    entry('people_in_treatment', null, 'directive_support'),
    entry('strategic_partnership', 's1', 'independent_leadership'), // not taking part in this round
    entry('service_provider', 's9', 'passive_support'), // not in scope
  ],
};
const before: RoundInput = {
  perspectives: ['service_provider', 'people_in_treatment'],
  serviceIds: ['s1', 's2'],
  entries: [entry('service_provider', 's1', 'consultation'), entry('service_provider', 's2', 'consultation'), entry('people_in_treatment', 's1', 'passive_support')],
};

test('rungs run 1 (passive support) to 8 (independent leadership); bands 2 + 3 + 3', () => {
  expect(['passive_support', 'directive_support', 'information', 'consultation', 'participation', 'partnership', 'delegated_leadership', 'independent_leadership'].map((l) => rungOf(l as never))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  expect(['passive_support', 'directive_support', 'information', 'participation', 'partnership', 'independent_leadership'].map((l) => bandOf(l as never)))
    .toEqual(['non_participation', 'non_participation', 'peer_participation', 'peer_participation', 'peer_power', 'peer_power']);
});

test('counts per rung and band for each perspective: the latest entry only, services in scope only', () => {
  const p = participationProfileOf(now, null);
  const provider = p.perspectives.find((x) => x.perspective === 'service_provider')!;
  expect(provider.placed).toBe(3);
  expect(provider.rungs).toEqual({ independent_leadership: 0, delegated_leadership: 0, partnership: 2, participation: 0, consultation: 1, information: 0, directive_support: 0, passive_support: 0 });
  expect(provider.bands).toEqual({ peer_power: 2, peer_participation: 1, non_participation: 0 });
  expect(provider.partnership).toBe('participation');
  const people = p.perspectives.find((x) => x.perspective === 'people_in_treatment')!;
  expect(people.placed).toBe(2);
  expect(people.rungs).toMatchObject({ information: 1, consultation: 1, partnership: 0 });
  expect(people.bands).toEqual({ peer_power: 0, peer_participation: 2, non_participation: 0 });
  expect(people.partnership).toBe('directive_support');
  expect(p.perspectives.map((x) => x.perspective)).toEqual(['service_provider', 'people_in_treatment']);
  expect(p.change).toBeNull();
});

test('a disagreement: a provider says "partnership", people in treatment say "information"', () => {
  const p = participationProfileOf(now, null);
  expect(p.disagreements).toEqual([
    { assetId: null, views: [{ perspective: 'service_provider', level: 'participation' }, { perspective: 'people_in_treatment', level: 'directive_support' }], steps: 3, bandsDiffer: true },
    { assetId: 's1', views: [{ perspective: 'service_provider', level: 'partnership' }, { perspective: 'people_in_treatment', level: 'information' }], steps: 3, bandsDiffer: true },
  ]);
});

test('change since the last round: count differences and each service that moved', () => {
  const p = participationProfileOf(now, before);
  expect(p.change!.perspectives).toEqual([
    {
      perspective: 'service_provider',
      rungs: { independent_leadership: 0, delegated_leadership: 0, partnership: 2, participation: 0, consultation: -1, information: 0, directive_support: 0, passive_support: 0 },
      bands: { peer_power: 2, peer_participation: -1, non_participation: 0 },
    },
    {
      perspective: 'people_in_treatment',
      rungs: { independent_leadership: 0, delegated_leadership: 0, partnership: 0, participation: 0, consultation: 1, information: 1, directive_support: 0, passive_support: -1 },
      bands: { peer_power: 0, peer_participation: 2, non_participation: -1 },
    },
  ]);
  expect(p.change!.moves).toEqual([
    { assetId: 's1', perspective: 'people_in_treatment', from: 'passive_support', to: 'information', steps: 2 },
    { assetId: 's1', perspective: 'service_provider', from: 'consultation', to: 'partnership', steps: 2 },
  ]);
});

test('a perspective absent from the last round has no change row', () => {
  const p = participationProfileOf(now, { ...before, perspectives: ['service_provider'] });
  expect(p.change!.perspectives.map((x) => x.perspective)).toEqual(['service_provider']);
});
