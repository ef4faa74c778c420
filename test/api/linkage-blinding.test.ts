import { createTestContext, type Client, type TestContext } from '../harness';
import { makeLinkageAssets } from '../linkage-fixture';

/**
 * Interim figures are for the campaign team (issue 22, item 9): while a campaign runs, a
 * volunteer caller lists it (their own open pairs) but gets no outcome counts, nor reads
 * them anywhere else; commissioners see the counts once it is closed, anyone once it is
 * published — the results' visibility.
 */
let ctx: TestContext;
let researcher: Client;
let coord: Client;
let admin: Client;
let vol: Client;
let commissioner: Client;
let anon: Client;
let campaignId: string;
type Pair = { id: string; pairNumber: number };
type Listed = { id: string; counts: Record<string, number> | null; myOpenPairs: number };

// By hand: 6 pairs, all assigned; the volunteer reaches pair 1 (outcome 2), pair 2 fails its
// one allowed attempt; the researcher reaches pair 5 (outcome 1). Open: 3, 4 and 6.
const HAND_COUNTS = { pairs: 6, assigned: 6, open: 3, reached: 2, unreachable: 1, declined: 0 };

beforeAll(async () => {
  ctx = await createTestContext();
  [researcher, coord, admin, vol, commissioner, anon] = await Promise.all(
    ['researcher', 'coordinator', 'admin', 'volunteer', 'commissioner', 'anon'].map((r) => ctx.as(r as never)),
  );
  await makeLinkageAssets(coord);
  const c = await researcher.post('/api/campaigns', {
    name: 'Blinded', approach: 'disclosed', rubric: { maxAttempts: 1 }, frame: { categories: ['mutual_aid'] }, design: { pairCount: 6 },
  });
  campaignId = c.body.id;
  expect((await researcher.post(`/api/campaigns/${campaignId}/draw`, { seed: 5 })).body.pairsDrawn).toBe(6);
  const pairs: Pair[] = (await researcher.get(`/api/campaigns/${campaignId}/pairs`)).body.items;
  const ids = (...ns: number[]) => ns.map((n) => pairs.find((p) => p.pairNumber === n)!.id);
  await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: vol.userId, pairIds: ids(1, 2, 3, 4) });
  await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: researcher.userId, pairIds: ids(5, 6) });
  const at = new Date(Date.now() - 60_000).toISOString();
  const [p1, p2, , , p5] = ids(1, 2, 3, 4, 5);
  expect((await vol.post(`/api/campaign-pairs/${p1}/attempts`, { attemptedAt: at, mode: 'phone', result: 'answered', outcome: 2 })).status).toBe(201);
  expect((await vol.post(`/api/campaign-pairs/${p2}/attempts`, { attemptedAt: at, mode: 'phone', result: 'no_answer' })).body.pair.status).toBe('unreachable');
  expect((await researcher.post(`/api/campaign-pairs/${p5}/attempts`, { attemptedAt: at, mode: 'email', result: 'replied', outcome: 1 })).status).toBe(201);
});
afterAll(async () => { await ctx.close(); });

const listed = async (c: Client): Promise<Listed | undefined> => {
  const res = await c.get('/api/campaigns');
  expect(res.status).toBe(200);
  return (res.body.items as Listed[]).find((i) => i.id === campaignId);
};

test('in progress: the team lists the interim counts; a volunteer caller lists only their own open pairs', async () => {
  for (const team of [researcher, coord, admin]) expect((await listed(team))?.counts).toEqual(HAND_COUNTS);
  const mine = await listed(vol);
  expect(mine).toMatchObject({ counts: null, myOpenPairs: 2 });
  expect(JSON.stringify(mine)).not.toMatch(/reached|unreachable|assigned|"open"|"pairs"/);
  expect(await listed(commissioner)).toBeUndefined();
  expect(await listed(anon)).toBeUndefined();
});

test('in progress: no other route gives a volunteer the figures either', async () => {
  const base = `/api/campaigns/${campaignId}`;
  const statuses = await Promise.all([
    base, `${base}/pairs`, `${base}/results`, `${base}/export/summary.json`, `${base}/pathways.geojson`, `${base}/pathways.geojson?layer=assets`,
    `${base}/export/pairs.csv`, `${base}/export/attempts.csv`,
  ].map(async (url) => [url.slice(base.length) || '/', (await vol.get(url)).status]));
  expect(statuses).toEqual([['/', 403], ['/pairs', 403], ['/results', 404], ['/export/summary.json', 404], ['/pathways.geojson', 404], ['/pathways.geojson?layer=assets', 404], ['/export/pairs.csv', 403], ['/export/attempts.csv', 403]]);
  // The worklist: their own four pairs, and nothing about pairs 5 and 6.
  const work = (await vol.get('/api/worklist')).body.items as { pairNumber: number; status: string }[];
  expect(work.map((w) => [w.pairNumber, w.status]).sort()).toEqual([[1, 'reached'], [2, 'unreachable'], [3, 'open'], [4, 'open']]);
});

test('closed: commissioners see the counts, the volunteer no longer lists it; published: anyone sees them', async () => {
  expect((await researcher.post(`/api/campaigns/${campaignId}/close`, {})).body.status).toBe('closed');
  expect((await listed(commissioner))?.counts).toEqual(HAND_COUNTS);
  expect((await listed(researcher))?.counts).toEqual(HAND_COUNTS);
  expect(await listed(vol)).toBeUndefined();
  expect(await listed(anon)).toBeUndefined();
  expect((await researcher.post(`/api/campaigns/${campaignId}/publish`, {})).body.published).toBe(true);
  for (const c of [anon, vol, commissioner]) expect((await listed(c))?.counts).toEqual(HAND_COUNTS);
});
