import { createTestContext, type Client, type TestContext } from '../harness';
import { makeLinkageAssets, STRATIFIED_DESIGN } from '../linkage-fixture';
import { wilson, newcombeDifference, twoProportionTest } from '../../server/stats/proportion';

/**
 * A campaign end to end through the API: design, frame, draw (reproducible, refused when
 * too big), assignment, blinded worklists, attempts, closing, results against hand counts,
 * exports, publishing, comparison. Pathway masking is in linkage-masking.test.ts.
 */
let ctx: TestContext;
let researcher: Client;
let vol: Client;
let coord: Client;
let commissioner: Client;
let anon: Client;
let campaignId: string;
let twinId: string;
type Pair = { id: string; pairNumber: number; stratum: string; a: { assetId: string; name: string }; b: { assetId: string; name: string }; status: string; outcome: number | null };
let pairs: Pair[];

beforeAll(async () => {
  ctx = await createTestContext();
  [researcher, vol, coord, commissioner, anon] = await Promise.all(['researcher', 'volunteer', 'coordinator', 'commissioner', 'anon'].map((r) => ctx.as(r as never)));
  await makeLinkageAssets(coord);
});
afterAll(async () => { await ctx.close(); });

const NOTE = 'Offered to refer to intake';
const create = (extra: object = {}) => researcher.post('/api/campaigns', { name: 'Spring pathways', approach: 'disclosed', frame: { categories: ['treatment', 'mutual_aid', 'housing', 'lero_peer_support'] }, design: STRATIFIED_DESIGN, ...extra });

test('design: bad input is a 400 naming the field; a good design is a draft with defaults', async () => {
  const badScript = await create({ scripts: { disclosed: 'Do you know {B.nmae}?' } });
  expect(badScript.status).toBe(400);
  expect(badScript.body.error.details[0].field).toBe('scripts.disclosed');
  const badSum = await create({ design: { ...STRATIFIED_DESIGN, pairCount: 9 } });
  expect(badSum.status).toBe(400);
  expect(badSum.body.error.details.map((d: { field: string }) => d.field)).toEqual(['design.pairCount']);
  const twice = await create({ design: { ...STRATIFIED_DESIGN, strata: [STRATIFIED_DESIGN.strata[0], STRATIFIED_DESIGN.strata[0]] } });
  expect(twice.body.error.details[0].field).toBe('design.strata.1');
  const res = await create();
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'draft', published: false, seed: null, design: { pairCount: 7 }, rubric: { maxAttempts: 3 } });
  expect(res.body.rubric.outcomes.map((o: { code: number }) => o.code)).toEqual([0, 1, 2, 3]);
  campaignId = res.body.id;
  // The rubric is editable until the draw.
  const patched = await researcher.patch(`/api/campaigns/${campaignId}`, { rubric: { maxAttempts: 2 } });
  expect(patched.status).toBe(200);
  expect(patched.body.rubric.maxAttempts).toBe(2);
});

test('frame preview counts the allowed pairs and the most drawable under the cap, by hand', async () => {
  const res = await researcher.get(`/api/campaigns/${campaignId}/frame`);
  expect(res.status).toBe(200);
  expect(res.body.snapshot).toBe(false);
  expect(res.body.assetCount).toBe(12);
  // 11 and 6 allowed pairs; cap 2: treatment 2 + 2 + 2, housing 2 + 2.
  expect(res.body.strata.map((s: { possiblePairs: number; maxDrawable: number; frameFrom: number; frameTo: number }) => [s.frameFrom, s.frameTo, s.possiblePairs, s.maxDrawable])).toEqual([[3, 4, 11, 6], [2, 3, 6, 4]]);
  expect(res.body.maxDrawable).toBe(10);
});

test('asking for more than the frame allows is a 422 naming the most possible, and writes nothing', async () => {
  const big = await create({ name: 'Too big', design: { ...STRATIFIED_DESIGN, strata: [{ ...STRATIFIED_DESIGN.strata[0], count: 7 }, STRATIFIED_DESIGN.strata[1]] } });
  const res = await researcher.post(`/api/campaigns/${big.body.id}/draw`, { seed: 1 });
  expect(res.status).toBe(422);
  expect(res.body.error.code).toBe('too_many_pairs');
  expect(res.body.error.details).toEqual([
    { field: 'design.strata.0.count', message: 'at most 6 pairs are possible' },
    { field: 'design.pairCount', message: 'at most 9 pairs are possible' },
  ]);
  expect(await ctx.db.knex('campaign_frame').where({ campaign_id: big.body.id }).count({ n: '*' })).toEqual([{ n: 0 }]);
  expect((await researcher.get(`/api/campaigns/${big.body.id}`)).body.status).toBe('draft');
});

test('the draw is reproducible: same seed and frame, same pairs; the design is then fixed', async () => {
  const res = await researcher.post(`/api/campaigns/${campaignId}/draw`, { seed: 424242 });
  expect(res.status).toBe(200);
  expect(res.body.pairsDrawn).toBe(7);
  expect(res.body.campaign).toMatchObject({ status: 'in_progress', seed: 424242 });
  const twin = await create({ name: 'Twin' });
  twinId = twin.body.id;
  await researcher.patch(`/api/campaigns/${twinId}`, { rubric: { maxAttempts: 2 } });
  expect((await researcher.post(`/api/campaigns/${twinId}/draw`, { seed: 424242 })).status).toBe(200);
  const list = async (id: string) => (await researcher.get(`/api/campaigns/${id}/pairs`)).body.items as Pair[];
  pairs = await list(campaignId);
  const shape = (ps: Pair[]) => ps.map((p) => [p.pairNumber, p.stratum, p.a.assetId, p.b.assetId]);
  expect(shape(await list(twinId))).toEqual(shape(pairs));
  expect(new Set(pairs.map((p) => p.stratum))).toEqual(new Set(['treatment>mutual_aid', 'housing>lero_peer_support']));
  expect(pairs.filter((p) => p.stratum === 'treatment>mutual_aid')).toHaveLength(4);
  // Frozen: the frame is the snapshot, and a later edit to an asset does not reach the pairs.
  expect((await researcher.get(`/api/campaigns/${campaignId}/frame`)).body.snapshot).toBe(true);
  const b = pairs[0].b;
  expect((await coord.patch(`/api/assets/${b.assetId}`, { name: 'Renamed later' })).status).toBe(200);
  expect((await list(campaignId))[0].b.name).toBe(b.name);
  const late = await researcher.patch(`/api/campaigns/${campaignId}`, { rubric: { maxAttempts: 3 } });
  expect(late.status).toBe(409);
  expect(late.body.error.code).toBe('already_drawn');
  expect((await researcher.post(`/api/campaigns/${campaignId}/draw`, {})).status).toBe(409);
});

test('assignment in bulk and one by one; callers must be researchers or volunteers', async () => {
  const wrong = await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: commissioner.userId, count: 2 });
  expect(wrong.status).toBe(422);
  expect(wrong.body.error.details[0].field).toBe('callerId');
  const toVol = await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: vol.userId, count: 4 });
  expect(toVol.body.assigned).toBe(4);
  const rest = pairs.filter((p) => p.pairNumber > 4).map((p) => p.id);
  const toMe = await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: researcher.userId, pairIds: rest });
  expect(toMe.body).toEqual({ assigned: 3, pairIds: rest });
  const notOurs = await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: vol.userId, pairIds: ['00000000-0000-4000-8000-000000000001'] });
  expect(notOurs.status).toBe(422);
  expect(notOurs.body.error.details[0].field).toBe('pairIds.0');
  const listed = (await vol.get('/api/campaigns')).body.items;
  expect(listed.map((c: { id: string; myOpenPairs: number }) => [c.id, c.myOpenPairs])).toEqual([[campaignId, 4]]);
});

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const byNumber = (n: number) => pairs.find((p) => p.pairNumber === n)!;

test('a caller records attempts and outcomes on their own pairs only; the last failed attempt makes a pair unreachable', async () => {
  const p1 = byNumber(1);
  const first = await vol.post(`/api/campaign-pairs/${p1.id}/attempts`, { attemptedAt: at(60), mode: 'phone', result: 'no_answer' });
  expect(first.status).toBe(201);
  expect(first.body.pair).toEqual({ id: p1.id, status: 'open', outcome: null, attemptsMade: 1 });
  const second = await vol.post(`/api/campaign-pairs/${p1.id}/attempts`, { attemptedAt: at(30), mode: 'phone', result: 'voicemail' });
  expect(second.body.pair).toMatchObject({ status: 'unreachable', attemptsMade: 2 });
  expect((await vol.post(`/api/campaign-pairs/${p1.id}/attempts`, { attemptedAt: at(1), mode: 'phone', result: 'no_answer' })).body.error.code).toBe('pair_closed');

  const missing = await vol.post(`/api/campaign-pairs/${byNumber(2).id}/attempts`, { attemptedAt: at(5), mode: 'phone', result: 'answered' });
  expect(missing.status).toBe(400);
  expect(missing.body.error.details[0].field).toBe('outcome');
  const extra = await vol.post(`/api/campaign-pairs/${byNumber(2).id}/attempts`, { attemptedAt: at(5), mode: 'phone', result: 'no_answer', outcome: 2 });
  expect(extra.body.error.details[0].field).toBe('outcome');
  const future = await vol.post(`/api/campaign-pairs/${byNumber(2).id}/attempts`, { attemptedAt: new Date(Date.now() + 3600_000).toISOString(), mode: 'phone', result: 'no_answer' });
  expect(future.body.error.details[0].field).toBe('attemptedAt');

  const requestId = '5b0d3c1e-8c1a-4f7e-9d5e-1a2b3c4d5e6f';
  const body = { attemptedAt: at(20), mode: 'phone', result: 'answered', outcome: 3, note: NOTE, clientRequestId: requestId };
  const reached = await vol.post(`/api/campaign-pairs/${byNumber(2).id}/attempts`, body);
  expect(reached.status).toBe(201);
  expect(reached.body.pair).toMatchObject({ status: 'reached', outcome: 3 });
  const replay = await vol.post(`/api/campaign-pairs/${byNumber(2).id}/attempts`, body);
  expect(replay.status).toBe(200);
  expect(replay.body).toMatchObject({ replayed: true, attempt: { id: reached.body.attempt.id } });
  expect(await ctx.db.knex('campaign_attempt').where({ pair_id: byNumber(2).id }).count({ n: '*' })).toEqual([{ n: 1 }]);

  expect((await vol.post(`/api/campaign-pairs/${byNumber(3).id}/attempts`, { attemptedAt: at(15), mode: 'email', result: 'replied', outcome: 0 })).status).toBe(201);
  expect((await vol.post(`/api/campaign-pairs/${byNumber(4).id}/attempts`, { attemptedAt: at(10), mode: 'in_person', result: 'answered', outcome: 2 })).status).toBe(201);

  // Not theirs.
  const theirs = await vol.post(`/api/campaign-pairs/${byNumber(5).id}/attempts`, { attemptedAt: at(5), mode: 'phone', result: 'no_answer' });
  expect(theirs.status).toBe(403);
  expect(theirs.body.error.code).toBe('not_assigned');

  // The researcher's own pairs.
  await researcher.post(`/api/campaign-pairs/${byNumber(5).id}/attempts`, { attemptedAt: at(9), mode: 'phone', result: 'answered', outcome: 1 });
  await researcher.post(`/api/campaign-pairs/${byNumber(6).id}/attempts`, { attemptedAt: at(9), mode: 'phone', result: 'wrong_number' });
  await researcher.post(`/api/campaign-pairs/${byNumber(6).id}/attempts`, { attemptedAt: at(8), mode: 'web_form', result: 'replied', outcome: 2 });
  await researcher.post(`/api/campaign-pairs/${byNumber(7).id}/attempts`, { attemptedAt: at(9), mode: 'email', result: 'email_bounced' });
  const last = await researcher.post(`/api/campaign-pairs/${byNumber(7).id}/attempts`, { attemptedAt: at(8), mode: 'email', result: 'email_bounced' });
  expect(last.body.pair.status).toBe('unreachable');
});

test('blinding: a caller sees only their own pairs, their script filled, never other outcomes or results', async () => {
  const res = await vol.get('/api/worklist');
  expect(res.status).toBe(200);
  expect(res.body.notesReminder).toMatch(/do not record names/);
  expect(res.body.items.map((i: { pairNumber: number }) => i.pairNumber).sort()).toEqual([1, 2, 3, 4]);
  const item = res.body.items.find((i: { pairNumber: number }) => i.pairNumber === 2);
  expect(item.script).toContain(`Do you know of ${byNumber(2).b.name} (`);
  expect(item.script).not.toMatch(/\{[AB]\./);
  expect(item.a.phone).toBe('01422 100200');
  expect(item.outcome).toBe(3);
  const text = JSON.stringify(res.body);
  for (const n of [5, 6, 7]) expect(text).not.toContain(byNumber(n).id);
  expect(text).not.toContain(twinId); // an earlier/other campaign
  expect((await vol.get(`/api/campaigns/${campaignId}/results`)).status).toBe(404);
  expect((await vol.get(`/api/campaigns/${campaignId}/pairs`)).status).toBe(403);
  expect((await vol.get(`/api/campaigns/${campaignId}/export/summary.json`)).status).toBe(404);
  expect((await commissioner.get(`/api/campaigns/${campaignId}/results`)).status).toBe(404);
  // The team sees notes.
  const teamView = (await researcher.get(`/api/campaigns/${campaignId}/pairs?status=reached`)).body.items;
  expect(JSON.stringify(teamView)).toContain(NOTE);
});

test('results equal hand counts: 7 closed, 5 reached, knew 4, information 3, referral 1', async () => {
  const res = await researcher.get(`/api/campaigns/${campaignId}/results`);
  expect(res.status).toBe(200);
  const r = res.body;
  expect(r.counts).toEqual({ pairs: 7, closed: 7, reached: 5, unreachable: 2, open: 0 });
  expect(r.rates.reach).toEqual(wilson(5, 7));
  expect(r.rates.amongReached).toEqual({ knew: wilson(4, 5), information: wilson(3, 5), referral: wilson(1, 5) });
  expect(r.rates.amongClosed).toEqual({ knew: wilson(4, 7), information: wilson(3, 7), referral: wilson(1, 7) });
  expect(r.bootstrap.resamples).toBeGreaterThanOrEqual(2000);
  // Weights 11/17 and 6/17; reach per stratum from the pairs themselves.
  expect(r.strata.map((s: { weight: number }) => s.weight)).toEqual([11 / 17, 6 / 17]);
  const final = (await researcher.get(`/api/campaigns/${campaignId}/pairs`)).body.items as Pair[];
  const reachOf = (stratum: string) => {
    const ps = final.filter((p) => p.stratum === stratum);
    return ps.filter((p) => p.status === 'reached').length / ps.length;
  };
  expect(r.weighted.reach.estimate).toBeCloseTo((11 / 17) * reachOf('treatment>mutual_aid') + (6 / 17) * reachOf('housing>lero_peer_support'), 12);
  expect(r.weighted.reach.unweighted).toEqual(wilson(5, 7));
  expect(r.matrix.reduce((s: number, c: { closed: number }) => s + c.closed, 0)).toBe(7);
  expect(r.network.edges).toBe(3); // outcomes ≥ 2: pairs 2, 4, 6
});

test('a closed campaign is read-only; commissioners then read results without notes or callers', async () => {
  expect((await researcher.post(`/api/campaigns/${campaignId}/publish`, {})).body.error.code).toBe('not_closed');
  const closed = await researcher.post(`/api/campaigns/${campaignId}/close`, {});
  expect(closed.body.status).toBe('closed');
  const writes = [
    researcher.post(`/api/campaigns/${campaignId}/close`, {}),
    researcher.patch(`/api/campaigns/${campaignId}`, { name: 'Renamed' }),
    researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: vol.userId, count: 1 }),
    researcher.post(`/api/campaigns/${campaignId}/draw`, {}),
    vol.post(`/api/campaign-pairs/${byNumber(1).id}/attempts`, { attemptedAt: at(1), mode: 'phone', result: 'no_answer' }),
  ];
  for (const res of await Promise.all(writes)) {
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('campaign_closed');
  }
  expect((await vol.get('/api/worklist')).body.items).toEqual([]);
  // An outbox resend of an attempt already recorded still gets its answer after the close.
  const resend = await vol.post(`/api/campaign-pairs/${byNumber(2).id}/attempts`, { attemptedAt: at(20), mode: 'phone', result: 'answered', outcome: 3, note: NOTE, clientRequestId: '5b0d3c1e-8c1a-4f7e-9d5e-1a2b3c4d5e6f' });
  expect([resend.status, resend.body.replayed]).toEqual([200, true]);
  const res = await commissioner.get(`/api/campaigns/${campaignId}/results`);
  expect(res.status).toBe(200);
  const text = JSON.stringify(res.body);
  expect(text).not.toContain(NOTE);
  expect(text).not.toContain('Vic Volunteer');
  expect(text).not.toContain('Remy Researcher');
  expect((await commissioner.get(`/api/campaigns/${campaignId}/pairs`)).status).toBe(403);
});

test('exports: tidy CSVs with a codebook naming every column; notes and names never exported', async () => {
  const pairsCsv = await commissioner.get(`/api/campaigns/${campaignId}/export/pairs.csv`);
  expect(pairsCsv.status).toBe(200);
  expect(pairsCsv.headers['content-type']).toMatch(/text\/csv/);
  const lines = pairsCsv.text.trim().split('\r\n');
  expect(lines).toHaveLength(8);
  const header = lines[0].split(',');
  const row2 = Object.fromEntries(lines.find((l) => l.includes(byNumber(2).id))!.split(',').map((v, i) => [header[i], v]));
  expect(row2).toMatchObject({ status: 'reached', outcome: '3', reached: '1', knew: '1', information: '1', referral: '1', attempts: '1' });
  expect(row2.caller_code).toMatch(/^C\d$/);
  const row1 = Object.fromEntries(lines.find((l) => l.includes(byNumber(1).id))!.split(',').map((v, i) => [header[i], v]));
  expect(row1).toMatchObject({ status: 'unreachable', outcome: 'NA', reached: '0', knew: '0', attempts: '2' });
  const attempts = await commissioner.get(`/api/campaigns/${campaignId}/export/attempts.csv`);
  expect(attempts.text.trim().split('\r\n')).toHaveLength(1 + 10);
  for (const text of [pairsCsv.text, attempts.text]) {
    expect(text).not.toContain(NOTE);
    expect(text).not.toContain('Vic Volunteer');
  }
  const codebook = await commissioner.get(`/api/campaigns/${campaignId}/export/codebook.csv`);
  const documented = codebook.text.trim().split('\r\n').slice(1).map((l) => l.split(',').slice(0, 2).join(':'));
  const attemptHeader = attempts.text.split('\r\n')[0].split(',');
  expect(documented).toEqual([...header.map((c) => `pairs.csv:${c}`), ...attemptHeader.map((c) => `attempts.csv:${c}`)]);
  expect(codebook.text).toContain('3=Referral information');
  expect((await anon.get(`/api/campaigns/${campaignId}/export/pairs.csv`)).status).toBe(401);
  const summary = await commissioner.get(`/api/campaigns/${campaignId}/export/summary.json`);
  expect(summary.headers['content-disposition']).toMatch(/attachment/);
  expect(JSON.parse(summary.text).design.pairCount).toBe(7);
});

test('publishing opens the summary to anyone; unpublishing closes it again', async () => {
  expect((await anon.get(`/api/campaigns/${campaignId}/results`)).status).toBe(404);
  expect((await researcher.post(`/api/campaigns/${campaignId}/publish`, {})).body.published).toBe(true);
  const res = await anon.get(`/api/campaigns/${campaignId}/results`);
  expect(res.status).toBe(200);
  expect(res.body.rates.reach).toEqual(wilson(5, 7));
  expect((await anon.get('/api/campaigns')).body.items.map((c: { id: string }) => c.id)).toEqual([campaignId]);
  expect((await researcher.post(`/api/campaigns/${campaignId}/unpublish`, {})).body.published).toBe(false);
  expect((await anon.get(`/api/campaigns/${campaignId}/results`)).status).toBe(404);
});

test('comparison of two campaigns: Newcombe difference and the prop.test p-value', async () => {
  // The twin: every pair reached, pairs 1–3 with referral information.
  await researcher.post(`/api/campaigns/${twinId}/assignments`, { callerId: researcher.userId, count: 7 });
  const twinPairs = (await researcher.get(`/api/campaigns/${twinId}/pairs`)).body.items as Pair[];
  for (const p of twinPairs) {
    await researcher.post(`/api/campaign-pairs/${p.id}/attempts`, { attemptedAt: at(3), mode: 'phone', result: 'answered', outcome: p.pairNumber <= 3 ? 3 : 1 });
  }
  const res = await researcher.get(`/api/campaigns/${twinId}/comparison?with=${campaignId}`);
  expect(res.status).toBe(200);
  const reach = res.body.rows.find((r: { metric: string }) => r.metric === 'reach');
  expect(reach.before).toEqual(wilson(5, 7));
  expect(reach.after).toEqual(wilson(7, 7));
  expect(reach.difference).toEqual(newcombeDifference(7, 7, 5, 7));
  expect(reach.pValue).toBeCloseTo(twoProportionTest(7, 7, 5, 7).pValue!, 12);
  const referral = res.body.rows.find((r: { metric: string }) => r.metric === 'referral_closed');
  expect([referral.after.x, referral.after.n, referral.before.x, referral.before.n]).toEqual([3, 7, 1, 7]);
  expect((await researcher.get(`/api/campaigns/${twinId}/comparison?with=${twinId}`)).status).toBe(400);
  expect((await commissioner.get(`/api/campaigns/${campaignId}/comparison?with=${twinId}`)).status).toBe(404); // twin still open
});

test('the sample-size planner', async () => {
  const res = await researcher.get('/api/linkage/sample-size?rate=0.5&halfWidth=0.1&unreachable=0.2');
  expect(res.body).toMatchObject({ reachedNeeded: 93, pairsForReachedRates: 117, pairsForClosedRates: 93 });
  expect((await researcher.get('/api/linkage/sample-size?rate=1.2&halfWidth=0.1')).body.error.details[0].field).toBe('query.rate');
});
