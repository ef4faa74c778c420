import { createTestContext, type Client, type TestContext } from '../harness';

/**
 * Issue 20, the peer-participation review: rounds, dated entries that are never
 * overwritten, who may record which perspective, and the profile (counts per rung and
 * band, a disagreement, the change since the last round) worked by hand.
 */
let ctx: TestContext;
let coord: Client;
let vol: Client;
let commissioner: Client;
const svc: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  [coord, vol, commissioner] = await Promise.all([ctx.as('coordinator'), ctx.as('volunteer'), ctx.as('commissioner')]);
  for (const [key, name] of [['hub', 'Harbour Recovery Hub'], ['cafe', 'Lantern Café'], ['walk', 'Canal Walk']]) {
    svc[key] = (await coord.post('/api/assets', { name, category: 'lero_peer_support', sites: [{ lat: 53.72, lng: -1.86 }] })).body.asset.id;
  }
});
afterAll(async () => { await ctx.close(); });

const round = async (title: string, reviewDate: string, serviceIds: string[]) => {
  const res = await coord.post('/api/participation/rounds', { title, reviewDate, serviceIds, perspectives: ['service_provider', 'people_in_treatment'] });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const record = (who: Client, roundId: string, perspective: string, assetId: string | null, level: string) =>
  who.post(`/api/participation/rounds/${roundId}/entries`, { perspective, assetId, level, reason: `Seen as ${level}`, example: 'At the last forum' });

test('the profile by hand: counts per rung and band, a disagreement, and the change since the last round', async () => {
  const spring = await round('Spring review', '2026-04-01', [svc.hub, svc.cafe]);
  expect((await record(coord, spring, 'service_provider', svc.hub, 'consultation')).status).toBe(201);
  expect((await record(coord, spring, 'service_provider', svc.cafe, 'consultation')).status).toBe(201);
  expect((await record(vol, spring, 'people_in_treatment', svc.hub, 'passive_support')).status).toBe(201);

  const autumn = await round('Autumn review', '2026-10-01', [svc.hub, svc.cafe, svc.walk]);
  await record(coord, autumn, 'service_provider', svc.hub, 'information');
  await record(coord, autumn, 'service_provider', svc.hub, 'partnership'); // supersedes "information"; both kept
  await record(coord, autumn, 'service_provider', svc.cafe, 'consultation');
  await record(coord, autumn, 'service_provider', svc.walk, 'partnership');
  await record(coord, autumn, 'service_provider', null, 'participation');
  await record(vol, autumn, 'people_in_treatment', svc.hub, 'information');
  await record(vol, autumn, 'people_in_treatment', svc.cafe, 'consultation');

  const res = await commissioner.get(`/api/participation/rounds/${autumn}/profile`);
  expect(res.status).toBe(200);
  expect(res.body.previousRound.id).toBe(spring);
  const [provider, people] = res.body.profile.perspectives;
  expect(provider).toMatchObject({ perspective: 'service_provider', placed: 3, partnership: 'participation' });
  expect(provider.rungs).toMatchObject({ partnership: 2, consultation: 1, information: 0 });
  expect(provider.bands).toEqual({ peer_power: 2, peer_participation: 1, non_participation: 0 });
  expect(people).toMatchObject({ perspective: 'people_in_treatment', placed: 2, partnership: null, bands: { peer_power: 0, peer_participation: 2, non_participation: 0 } });
  // A provider says "partnership", people in treatment say "information": 3 rungs apart, different bands.
  expect(res.body.profile.disagreements).toEqual([
    { assetId: svc.hub, views: [{ perspective: 'service_provider', level: 'partnership' }, { perspective: 'people_in_treatment', level: 'information' }], steps: 3, bandsDiffer: true },
  ]);
  const change = res.body.profile.change;
  expect(change.perspectives[0].bands).toEqual({ peer_power: 2, peer_participation: -1, non_participation: 0 });
  expect(change.perspectives[1].bands).toEqual({ peer_power: 0, peer_participation: 2, non_participation: -1 });
  expect(change.moves).toEqual(expect.arrayContaining([
    { assetId: svc.hub, perspective: 'service_provider', from: 'consultation', to: 'partnership', steps: 2 },
    { assetId: svc.hub, perspective: 'people_in_treatment', from: 'passive_support', to: 'information', steps: 2 },
  ]));
  expect(change.moves).toHaveLength(2);

  // Nothing is overwritten: the round keeps all seven entries, dated, with no recorder named.
  const full = (await vol.get(`/api/participation/rounds/${autumn}`)).body;
  expect(full.entries).toHaveLength(7);
  expect(full.entries.map((e: { level: string }) => e.level).slice(0, 2)).toEqual(['information', 'partnership']);
  expect(full.entries.every((e: Record<string, unknown>) => typeof e.recordedAt === 'string' && !('recordedBy' in e))).toBe(true);
  expect(full.entries.filter((e: { onBehalf: boolean }) => e.onBehalf)).toHaveLength(2);
  expect(full.services.map((s: { name: string }) => s.name)).toEqual(['Canal Walk', 'Harbour Recovery Hub', 'Lantern Café']);
  // The rounds list, latest first, with its counts.
  const rounds = (await vol.get('/api/participation/rounds')).body.items;
  expect(rounds.map((r: { title: string; reviewDate: string; serviceCount: number; entryCount: number }) => [r.title, r.reviewDate, r.serviceCount, r.entryCount]))
    .toEqual([['Autumn review', '2026-10-01', 3, 7], ['Spring review', '2026-04-01', 2, 3]]);
});

test('volunteers record for people in treatment only, and no name can be stored', async () => {
  const r = await round('Volunteer checks', '2026-11-01', [svc.hub]);
  const refused = await record(vol, r, 'service_provider', svc.hub, 'partnership');
  expect(refused.status).toBe(403);
  expect(refused.body.error.details[0].field).toBe('perspective');
  const named = await vol.post(`/api/participation/rounds/${r}/entries`, { perspective: 'people_in_treatment', assetId: svc.hub, level: 'information', reason: 'Told only', personName: 'Jo Bloggs' });
  expect(named.status).toBe(400);
  expect(JSON.stringify(await ctx.db.knex('participation_entry').where({ round_id: r }))).not.toContain('Jo Bloggs');
  expect((await record(commissioner, r, 'people_in_treatment', svc.hub, 'information')).status).toBe(403);
});

test('bad input names the field; entries must fit the round', async () => {
  const r = await round('Scope checks', '2026-11-02', [svc.hub]);
  const outside = await record(coord, r, 'service_provider', svc.walk, 'partnership');
  expect([outside.status, outside.body.error.details[0].field]).toEqual([400, 'assetId']);
  const absent = await record(coord, r, 'strategic_partnership', svc.hub, 'partnership');
  expect([absent.status, absent.body.error.details[0].field]).toEqual([400, 'perspective']);
  const rung = await record(coord, r, 'service_provider', svc.hub, 'tokenism');
  expect([rung.status, rung.body.error.details[0].field]).toEqual([400, 'level']);
  const noReason = await coord.post(`/api/participation/rounds/${r}/entries`, { perspective: 'service_provider', assetId: null, level: 'information', reason: '' });
  expect([noReason.status, noReason.body.error.details[0].field]).toEqual([400, 'reason']);
  const unknown = await coord.post('/api/participation/rounds', { title: 'Unknown service', reviewDate: '2026-11-03', serviceIds: ['00000000-0000-4000-8000-000000000001'], perspectives: ['service_provider'] });
  expect([unknown.status, unknown.body.error.details[0].field]).toEqual([400, 'serviceIds.0']);
  const date = await coord.post('/api/participation/rounds', { title: 'Bad date', reviewDate: '2026-13-01', serviceIds: [svc.hub], perspectives: ['service_provider'] });
  expect([date.status, date.body.error.details[0].field]).toEqual([400, 'reviewDate']);
  expect((await coord.get('/api/participation/rounds/00000000-0000-4000-8000-000000000001/profile')).status).toBe(404);
  const before = await ctx.db.knex('participation_round').count('* as n').first();
  expect((await coord.post('/api/participation/rounds', { title: 'Half written', reviewDate: '2026-11-04', serviceIds: [svc.hub, '00000000-0000-4000-8000-000000000002'], perspectives: ['service_provider'] })).status).toBe(400);
  expect(await ctx.db.knex('participation_round').count('* as n').first()).toEqual(before);
});
