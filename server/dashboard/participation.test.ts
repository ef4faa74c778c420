import { participationProfileOf, type ProfileEntry, type RoundInput } from '../participation/profile';
import { participationSummaryOf } from './participation';

const at = new Date(Date.UTC(2026, 11, 1, 10));
let n = 0;
const entry = (perspective: ProfileEntry['perspective'], assetId: string | null, level: ProfileEntry['level']): ProfileEntry => ({ id: `e${++n}`, perspective, assetId, level, recordedAt: at });
const round = (id: string, reviewDate: string) => ({ id, title: `Round ${id}`, reviewDate, perspectives: ['service_provider', 'people_in_treatment'] as ProfileEntry['perspective'][], createdAt: at });
const services = ['s1', 's2', 's3'].map((id) => ({ id, name: id, category: 'treatment', status: 'published' }));

test('no round yet: nothing to show, and it says so', () => {
  const s = participationSummaryOf(null);
  expect([s.round, s.perspectives, s.disagreements, s.provenance.source]).toEqual([null, [], 0, 'No peer-participation review round yet']);
});

test('band counts per perspective, the partnership rung, and the change since the last round, by hand', () => {
  const now: RoundInput = {
    perspectives: ['service_provider', 'people_in_treatment'], serviceIds: ['s1', 's2', 's3'],
    entries: [
      entry('service_provider', 's1', 'partnership'), entry('service_provider', 's2', 'consultation'), entry('service_provider', 's3', 'passive_support'),
      entry('service_provider', null, 'participation'),
      entry('people_in_treatment', 's1', 'information'), entry('people_in_treatment', null, 'directive_support'),
    ],
  };
  const before: RoundInput = { perspectives: ['service_provider'], serviceIds: ['s1', 's2'], entries: [entry('service_provider', 's1', 'consultation'), entry('service_provider', 's2', 'consultation')] };
  const s = participationSummaryOf({ round: round('b', '2026-12-01'), previousRound: round('a', '2026-06-01'), services, profile: participationProfileOf(now, before) });
  expect(s.round).toEqual({ id: 'b', title: 'Round b', reviewDate: '2026-12-01', services: 3, previous: { title: 'Round a', reviewDate: '2026-06-01' } });
  const [provider, people] = s.perspectives;
  // Providers: s1 partnership (peer power), s2 consultation (peer participation), s3 passive support (non-participation).
  // Before: two in peer participation, so +1 peer power, −1 peer participation, +1 non-participation.
  expect(provider.bands.map((b) => [b.band, b.count, b.change])).toEqual([['peer_power', 1, 1], ['peer_participation', 1, -1], ['non_participation', 1, 1]]);
  expect(provider.partnership).toEqual({ level: 'participation', label: 'Participation', rung: 5 });
  expect(provider.label).toBe('Service providers');
  // People in treatment took no part before: no change to give.
  expect(people.bands.map((b) => [b.band, b.count, b.change])).toEqual([['peer_power', 0, null], ['peer_participation', 1, null], ['non_participation', 0, null]]);
  expect([people.placed, people.partnership?.rung]).toEqual([1, 2]);
  // s1 (partnership vs information) and the partnership (participation vs directive support) are placed differently.
  expect(s.disagreements).toBe(2);
  expect(s.provenance).toEqual({ asOf: '2026-12-01', source: 'Peer-participation review "Round b" (3 services; the whole partnership, not filtered by place)', link: '/participation.html' });
});
