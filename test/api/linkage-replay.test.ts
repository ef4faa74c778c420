import { createTestContext, type Client, type TestContext } from '../harness';
import { makeLinkageAssets } from '../linkage-fixture';

/**
 * Outbox resends (`clientRequestId`): a replay answers with what that request wrote —
 * its attempt and the pair as that attempt left it — never the pair's newer state, also
 * after a reassignment and after the close (issue 22, item 10). Identical requests sent at
 * once are one write: one 201 and the rest 200 with the same attempt (item 11; on the
 * server engine the requests really race, over a pool of connections).
 */
let ctx: TestContext;
let researcher: Client;
let vol: Client;
let campaignId: string;
type Pair = { id: string; pairNumber: number };
let pairs: Pair[];

beforeAll(async () => {
  ctx = await createTestContext();
  const coord = await ctx.as('coordinator');
  [researcher, vol] = await Promise.all([ctx.as('researcher'), ctx.as('volunteer')]);
  await makeLinkageAssets(coord);
  // mutual_aid and lero_peer_support: 7 assets, 42 ordered pairs, no exclusions apply.
  const c = await researcher.post('/api/campaigns', {
    name: 'Replays', approach: 'disclosed', frame: { categories: ['mutual_aid', 'lero_peer_support'] }, design: { pairCount: 20 },
  });
  campaignId = c.body.id;
  expect((await researcher.post(`/api/campaigns/${campaignId}/draw`, { seed: 99 })).body.pairsDrawn).toBe(20);
  pairs = (await researcher.get(`/api/campaigns/${campaignId}/pairs?limit=20`)).body.items;
  expect((await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: vol.userId, count: 20 })).body.assigned).toBe(20);
});
afterAll(async () => { await ctx.close(); });

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const byNumber = (n: number) => pairs.find((p) => p.pairNumber === n)!;
const requestId = (n: number) => `7a1c0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const attemptsOn = async (pairId: string) => Number((await ctx.db.knex('campaign_attempt').where({ pair_id: pairId }).count({ n: '*' }))[0].n);

test('a replay after the pair was reassigned and answered by someone else returns what that request wrote', async () => {
  const p = byNumber(1);
  const first = await vol.post(`/api/campaign-pairs/${p.id}/attempts`, { attemptedAt: at(30), mode: 'phone', result: 'no_answer', clientRequestId: requestId(1) });
  expect(first.status).toBe(201);
  expect(first.body.pair).toEqual({ id: p.id, status: 'open', outcome: null, attemptsMade: 1 });
  // The pair moves to the researcher, who reaches the service.
  expect((await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: researcher.userId, pairIds: [p.id] })).status).toBe(200);
  const answered = await researcher.post(`/api/campaign-pairs/${p.id}/attempts`, { attemptedAt: at(10), mode: 'phone', result: 'answered', outcome: 3 });
  expect(answered.body.pair).toEqual({ id: p.id, status: 'reached', outcome: 3, attemptsMade: 2 });
  // The volunteer's outbox resends: the answer is exactly the first one, not the pair's outcome now.
  const replay = await vol.post(`/api/campaign-pairs/${p.id}/attempts`, { attemptedAt: at(30), mode: 'phone', result: 'no_answer', clientRequestId: requestId(1) });
  expect(replay.status).toBe(200);
  expect(replay.body).toEqual({ ...first.body, replayed: true });
  expect(JSON.stringify(replay.body)).not.toContain('"reached"');
  // A new request from the volunteer on that pair is refused: it is no longer theirs.
  const fresh = await vol.post(`/api/campaign-pairs/${p.id}/attempts`, { attemptedAt: at(5), mode: 'phone', result: 'no_answer', clientRequestId: requestId(2) });
  expect([fresh.status, fresh.body.error.code]).toEqual([403, 'not_assigned']);
});

test('each replay returns the pair as its own attempt left it: open, open, then unreachable', async () => {
  const p = byNumber(2);
  const send = (n: number, result: string) => vol.post(`/api/campaign-pairs/${p.id}/attempts`, { attemptedAt: at(40 - n), mode: 'phone', result, clientRequestId: requestId(100 + n) });
  const originals = [await send(1, 'no_answer'), await send(2, 'voicemail'), await send(3, 'no_answer')];
  expect(originals.map((r) => [r.status, r.body.pair.status, r.body.pair.attemptsMade])).toEqual([[201, 'open', 1], [201, 'open', 2], [201, 'unreachable', 3]]);
  const replays = [await send(2, 'voicemail'), await send(1, 'no_answer'), await send(3, 'no_answer')];
  expect(replays.map((r) => r.status)).toEqual([200, 200, 200]);
  expect(replays.map((r) => r.body)).toEqual([originals[1], originals[0], originals[2]].map((r) => ({ ...r.body, replayed: true })));
  // A different request on the closed pair is still refused.
  const another = await send(4, 'no_answer');
  expect([another.status, another.body.error.code]).toEqual([409, 'pair_closed']);
  expect(await attemptsOn(p.id)).toBe(3);
});

test('12 identical attempts sent at once: one 201 and eleven 200 with the same attempt, round after round', async () => {
  const rounds = [3, 4, 5, 6, 7, 8];
  for (const n of rounds) {
    const p = byNumber(n);
    // Reaching rounds close the pair; failed ones leave it open (two different races).
    const body = n % 2
      ? { attemptedAt: at(20), mode: 'phone', result: 'answered', outcome: 2, note: `Round ${n}`, clientRequestId: requestId(200 + n) }
      : { attemptedAt: at(20), mode: 'email', result: 'no_answer', clientRequestId: requestId(200 + n) };
    const responses = await Promise.all(Array.from({ length: 12 }, () => vol.post(`/api/campaign-pairs/${p.id}/attempts`, body)));
    const statuses = responses.map((r) => r.status).sort();
    expect({ round: n, statuses }).toEqual({ round: n, statuses: [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201] });
    const created = responses.find((r) => r.status === 201)!.body;
    const expectedPair = n % 2 ? { id: p.id, status: 'reached', outcome: 2, attemptsMade: 1 } : { id: p.id, status: 'open', outcome: null, attemptsMade: 1 };
    expect(created.pair).toEqual(expectedPair);
    for (const r of responses.filter((x) => x.status === 200)) expect(r.body).toEqual({ ...created, replayed: true });
    expect(await attemptsOn(p.id)).toBe(1);
  }
  // On a reached pair a different request is still a 409 pair_closed.
  const closedPair = byNumber(3);
  const other = await vol.post(`/api/campaign-pairs/${closedPair.id}/attempts`, { attemptedAt: at(1), mode: 'phone', result: 'no_answer', clientRequestId: requestId(299) });
  expect([other.status, other.body.error.code]).toEqual([409, 'pair_closed']);
});

test('one clientRequestId on two pairs: the second is a 409 naming clientRequestId, also when both are sent at once', async () => {
  const body = (n: number) => ({ attemptedAt: at(15), mode: 'phone', result: 'no_answer', clientRequestId: requestId(n) });
  expect((await vol.post(`/api/campaign-pairs/${byNumber(9).id}/attempts`, body(300))).status).toBe(201);
  const reused = await vol.post(`/api/campaign-pairs/${byNumber(10).id}/attempts`, body(300));
  expect([reused.status, reused.body.error.code, reused.body.error.details]).toEqual([409, 'conflict', [{ field: 'clientRequestId', message: 'already used for another pair' }]]);
  for (const round of [0, 1, 2]) {
    const [x, y] = [byNumber(11 + 2 * round), byNumber(12 + 2 * round)];
    const responses = await Promise.all([x, y].map((p) => vol.post(`/api/campaign-pairs/${p.id}/attempts`, body(301 + round))));
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = responses.find((r) => r.status === 409)!;
    expect([refused.body.error.code, refused.body.error.details]).toEqual(['conflict', [{ field: 'clientRequestId', message: 'already used for another pair' }]]);
    expect((await attemptsOn(x.id)) + (await attemptsOn(y.id))).toBe(1);
  }
});

test('after the close a replay still returns what it wrote, and a new attempt is refused', async () => {
  const p = byNumber(1);
  expect((await researcher.post(`/api/campaigns/${campaignId}/close`, {})).body.status).toBe('closed');
  const replay = await vol.post(`/api/campaign-pairs/${p.id}/attempts`, { attemptedAt: at(30), mode: 'phone', result: 'no_answer', clientRequestId: requestId(1) });
  expect(replay.status).toBe(200);
  expect(replay.body.pair).toEqual({ id: p.id, status: 'open', outcome: null, attemptsMade: 1 });
  const late = await vol.post(`/api/campaign-pairs/${byNumber(20).id}/attempts`, { attemptedAt: at(1), mode: 'phone', result: 'no_answer', clientRequestId: requestId(400) });
  expect([late.status, late.body.error.code]).toEqual([409, 'campaign_closed']);
});
