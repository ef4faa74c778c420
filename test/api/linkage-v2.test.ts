import { createTestContext, type Client, type TestContext } from '../harness';
import { makeLinkageAssets, STRATIFIED_DESIGN, type LinkageFixture } from '../linkage-fixture';

/**
 * Linkage method v2 (issue 21) through the API: the primary estimand fixed at the draw,
 * declined pairs, the spacing rule, the rubric's components, second coding with Cohen's
 * kappa, callers as a factor, uninformative network figures, reciprocal pairs, design
 * differences in a comparison, the method document served, and the per-service
 * publication rule (anonymous and commissioner views; the audit trail of agreements).
 * Every figure below is counted by hand from the attempts written here.
 */
let ctx: TestContext;
let researcher: Client;
let vol: Client;
let coord: Client;
let commissioner: Client;
let anon: Client;
let fx: LinkageFixture;
let campaignId: string;
type Pair = { id: string; pairNumber: number; a: { assetId: string; name: string }; b: { assetId: string; name: string }; status: string; doubleCode: boolean; spacingKept: boolean | null };
let pairs: Pair[];

beforeAll(async () => {
  ctx = await createTestContext();
  [researcher, vol, coord, commissioner, anon] = await Promise.all(['researcher', 'volunteer', 'coordinator', 'commissioner', 'anon'].map((r) => ctx.as(r as never)));
  fx = await makeLinkageAssets(coord);
});
afterAll(async () => { await ctx.close(); });

const DESIGN = { pairCount: 6, primary: { metric: 'reach' }, doubleCodingShare: 0.5 };
const attempt = (pairId: string, at: string, body: object) => vol.post(`/api/campaign-pairs/${pairId}/attempts`, { attemptedAt: at, mode: 'phone', ...body });

test('design: the primary estimand is named up front and fixed at the draw; reciprocal pairs need one stratum and an even count', async () => {
  const bad = await researcher.post('/api/campaigns', { name: 'x', approach: 'disclosed', design: { pairCount: 6, primary: { metric: 'everything' } } });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].field).toBe('design.primary.metric');
  const strata = await researcher.post('/api/campaigns', { name: 'x', approach: 'disclosed', design: { ...STRATIFIED_DESIGN, reciprocal: true } });
  expect(strata.body.error.details.map((d: { field: string }) => d.field)).toEqual(['design.reciprocal']);
  const odd = await researcher.post('/api/campaigns', { name: 'x', approach: 'disclosed', design: { pairCount: 3, reciprocal: true } });
  expect(odd.body.error.details.map((d: { field: string }) => d.field)).toEqual(['design.pairCount']);

  const res = await researcher.post('/api/campaigns', { name: 'V2', approach: 'disclosed', frame: { categories: ['treatment', 'mutual_aid'] }, design: DESIGN });
  expect(res.status).toBe(201);
  expect(res.body.design).toMatchObject({ primary: { metric: 'reach', comparisonWith: null }, doubleCodingShare: 0.5, reciprocal: false });
  expect(res.body.rubric.attemptSpacing).toEqual({ differentDays: true, differentTimesOfDay: true });
  campaignId = res.body.id;
  expect((await researcher.post(`/api/campaigns/${campaignId}/draw`, { seed: 5 })).status).toBe(200);
  const locked = await researcher.patch(`/api/campaigns/${campaignId}`, { design: { primary: { metric: 'knew_closed' } } });
  expect(locked.status).toBe(409);
  expect(locked.body.error.code).toBe('already_drawn');
  pairs = (await researcher.get(`/api/campaigns/${campaignId}/pairs`)).body.items;
  expect(pairs).toHaveLength(6);
  // ⌈0.5 × 6⌉ = 3: the first three pair numbers are coded twice.
  expect(pairs.map((p) => p.doubleCode)).toEqual([true, true, true, false, false, false]);
  await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: vol.userId, count: 6 });
});

test('attempts: components checked against the code, declined closes a pair, the spacing rule is shown and kept count of', async () => {
  const [p1, p2, p3, p4, p5, p6] = pairs;
  const noOutcomeParts = await attempt(p4.id, '2026-12-01T09:00:00Z', { result: 'no_answer', gaveContact: false });
  expect(noOutcomeParts.status).toBe(400);
  expect(noOutcomeParts.body.error.details[0].field).toBe('gaveContact');
  const clash = await attempt(p2.id, '2026-12-01T09:00:00Z', { result: 'answered', outcome: 2, gaveReferral: true });
  expect(clash.body.error.details[0]).toEqual({ field: 'gaveReferral', message: 'must be false with outcome 2' });

  // Referral advice without contact details: code 3, recorded apart.
  expect((await attempt(p1.id, '2026-12-01T09:00:00Z', { result: 'answered', outcome: 3, gaveContact: false, gaveReferral: true })).status).toBe(201);
  expect((await attempt(p2.id, '2026-12-01T09:05:00Z', { result: 'answered', outcome: 2 })).body.attempt).toMatchObject({ gaveContact: true, gaveReferral: false });
  const declined = await attempt(p3.id, '2026-12-01T09:10:00Z', { result: 'declined' });
  expect(declined.body.pair).toMatchObject({ status: 'declined', outcome: null, attemptsMade: 1 });
  expect((await attempt(p3.id, '2026-12-02T14:00:00Z', { result: 'no_answer' })).status).toBe(409);
  // p4: the second attempt is on the same day: the rule is broken (not refused).
  for (const at of ['2026-12-01T09:00:00Z', '2026-12-01T14:00:00Z', '2026-12-03T15:00:00Z']) expect((await attempt(p4.id, at, { result: 'no_answer' })).status).toBe(201);
  await attempt(p5.id, '2026-12-01T09:00:00Z', { result: 'no_answer' });
  await attempt(p5.id, '2026-12-02T14:00:00Z', { result: 'answered', outcome: 1 });
  await attempt(p6.id, '2026-12-01T09:00:00Z', { result: 'no_answer' });
  const worklist = (await vol.get(`/api/worklist?campaignId=${campaignId}`)).body.items as { pairId: string; spacingAdvice: string }[];
  expect(worklist.find((w) => w.pairId === p6.id)!.spacingAdvice).toBe(
    'Each further attempt is made on a different day and at a different time of day (morning, afternoon, evening) from the attempt before. Next attempt: not on 2026-12-01, and not in the morning (UK time).',
  );
  await attempt(p6.id, '2026-12-02T14:00:00Z', { result: 'no_answer' });
  await attempt(p6.id, '2026-12-03T17:30:00Z', { result: 'answered', outcome: 0 });
  const listed = (await researcher.get(`/api/campaigns/${campaignId}/pairs`)).body.items as Pair[];
  expect(listed.map((p) => [p.status, p.spacingKept])).toEqual([['reached', null], ['reached', null], ['declined', null], ['unreachable', false], ['reached', null], ['reached', true]]);
});

test('declined is for the disclosed approach only', async () => {
  const sim = await researcher.post('/api/campaigns', { name: 'Simulated', approach: 'simulated_enquiry', frame: { categories: ['housing', 'lero_peer_support'] }, design: { pairCount: 1 } });
  await researcher.post(`/api/campaigns/${sim.body.id}/draw`, { seed: 1 });
  await researcher.post(`/api/campaigns/${sim.body.id}/assignments`, { callerId: vol.userId, count: 1 });
  const [pair] = (await researcher.get(`/api/campaigns/${sim.body.id}/pairs`)).body.items;
  const res = await attempt(pair.id, '2026-12-01T09:00:00Z', { result: 'declined' });
  expect(res.status).toBe(422);
  expect(res.body.error.details[0].field).toBe('result');
  await researcher.post(`/api/campaigns/${sim.body.id}/close`, {});
});

test('second coding: another caller, double-coded reached pairs only, once; kappa by hand', async () => {
  const [p1, p2, p3, , p5] = pairs;
  const body = { outcome: 3, gaveContact: true, gaveReferral: true };
  expect((await vol.post(`/api/campaign-pairs/${p1.id}/second-coding`, body)).body.error.code).toBe('same_coder');
  expect((await researcher.post(`/api/campaign-pairs/${p3.id}/second-coding`, body)).body.error.code).toBe('not_reached');
  expect((await researcher.post(`/api/campaign-pairs/${p5.id}/second-coding`, { outcome: 1, gaveContact: false, gaveReferral: false })).body.error.code).toBe('not_double_coded');
  expect((await researcher.post(`/api/campaign-pairs/${p1.id}/second-coding`, { outcome: 3, gaveContact: true, gaveReferral: false })).body.error.details[0].field).toBe('gaveReferral');
  expect((await researcher.post(`/api/campaign-pairs/${p1.id}/second-coding`, body)).status).toBe(201);
  expect((await researcher.post(`/api/campaign-pairs/${p1.id}/second-coding`, body)).body.error.code).toBe('already_coded');
  expect((await researcher.post(`/api/campaign-pairs/${p2.id}/second-coding`, { outcome: 2, gaveContact: true, gaveReferral: false })).status).toBe(201);
});

test('results (team): declined apart, primary named, components, kappa, callers, spacing, network marked uninformative', async () => {
  const r = (await researcher.get(`/api/campaigns/${campaignId}/results`)).body;
  // Reached p1, p2, p5, p6; unreachable p4; declined p3 (in no denominator).
  expect(r.counts).toMatchObject({ pairs: 6, closed: 5, reached: 4, unreachable: 1 });
  expect(r.rates.reach).toMatchObject({ x: 4, n: 5 });
  expect(r.method.declined).toBe(1);
  expect(r.method.estimands.primary).toEqual({ metric: 'reach', comparisonWith: null });
  expect(r.method.estimands.secondary).toHaveLength(6);
  expect(r.method.estimands.secondary).not.toContain('reach');
  // Components among the 4 reached: contact details p2 only; referral p1 only, without contact details.
  expect(r.method.components).toMatchObject({ recorded: 4, contactDetails: { x: 1, n: 4 }, referralInformation: { x: 1, n: 4 }, referralWithoutContact: 1 });
  // Outcomes (3,3), (2,2): κ = 1. Contact (false,true), (true,true): p_o = .5, p_e = .5·0 + .5·1 = .5, κ = 0. Referral (true,true), (false,false): κ = 1.
  expect(r.method.agreement).toMatchObject({ share: 0.5, doubleCoded: 2, outcome: { n: 2, kappa: 1 }, contactDetails: { n: 2, observed: 0.5, expected: 0.5, kappa: 0 }, referralInformation: { kappa: 1 } });
  expect(r.method.callers).toEqual([expect.objectContaining({ callerCode: 'C1', closed: 5, reached: 4, declined: 1 })]);
  expect(r.method.attemptSpacing).toMatchObject({ rule: { differentDays: true, differentTimesOfDay: true }, pairsWithRepeatAttempts: 2, pairsKeepingRule: 1 });
  expect(r.method.networkInformative.informative).toBe(false);
  expect(r.method.networkInformative.reasons.join(' ')).toMatch(/strongly connected component is a single service/);
  expect(r.method.perService).toEqual({ shown: 'all', withheld: 0 });
  expect(r.assets.length).toBeGreaterThan(0);
});

test('per-service figures: anonymous and commissioner views carry none without the service\'s agreement; agreements are audited', async () => {
  await researcher.post(`/api/campaigns/${campaignId}/close`, {});
  await researcher.post(`/api/campaigns/${campaignId}/publish`, {});
  const teamResults = (await researcher.get(`/api/campaigns/${campaignId}/results`)).body;
  const services = teamResults.assets.length;
  for (const who of [anon, commissioner]) {
    const r = (await who.get(`/api/campaigns/${campaignId}/results`)).body;
    expect(r.assets).toEqual([]);
    expect([r.network.degree, r.network.isolated, r.network.brokers]).toEqual([[], [], []]);
    expect(r.method.callers).toBeNull();
    expect(r.method.perService).toEqual({ shown: 'agreed_only', withheld: services });
    // Partnership-level figures stay.
    expect(r.rates).toEqual(teamResults.rates);
    expect((await who.get(`/api/campaigns/${campaignId}/pathways.geojson`)).body.features).toEqual([]);
    expect((await who.get(`/api/campaigns/${campaignId}/pathways.geojson?layer=assets`)).body.features).toEqual([]);
    const summary = (await who.get(`/api/campaigns/${campaignId}/export/summary.json`)).body;
    expect(JSON.parse(Buffer.isBuffer(summary) ? summary.toString() : JSON.stringify(summary)).assets).toEqual([]);
  }
  const ogc = (await anon.get(`/ogc/collections/pathways/items?campaignId=${campaignId}&limit=100`)).body;
  expect(ogc.features).toEqual([]);
  const csv = (await commissioner.get(`/api/campaigns/${campaignId}/export/pairs.csv`)).text as string;
  const [head, ...rows] = csv.trim().split('\n');
  const col = (name: string) => head.split(',').indexOf(name);
  expect(col('a_name')).toBeGreaterThan(col('a_asset_id'));
  expect(rows.map((r) => r.split(',')[col('a_asset_id')])).toEqual(Array(6).fill('NA'));
  expect(rows.map((r) => r.split(',')[col('status')])).toContain('declined');
  const teamCsv = (await researcher.get(`/api/campaigns/${campaignId}/export/pairs.csv`)).text as string;
  expect(teamCsv).toContain(`,${pairs[0].a.assetId},${pairs[0].a.name},`);

  // Both ends of pair 1 agree: their figures and that one pathway are published.
  const [p1] = pairs;
  const bad = await coord.post('/api/linkage/service-agreements', { assetId: '00000000-0000-4000-8000-000000000001', agreed: true });
  expect(bad.status).toBe(422);
  expect(bad.body.error.details[0].field).toBe('assetId');
  expect((await commissioner.post('/api/linkage/service-agreements', { assetId: p1.a.assetId, agreed: true })).status).toBe(403);
  const since = Number((await ctx.db.knex('audit_log').max('id as m'))[0].m);
  for (const id of [p1.a.assetId, p1.b.assetId]) expect((await coord.post('/api/linkage/service-agreements', { assetId: id, agreed: true, note: 'Email of 1 Dec' })).status).toBe(200);
  const listed = (await researcher.get('/api/linkage/service-agreements')).body.items as { assetId: string; recordedBy: string }[];
  expect(listed.map((a) => a.assetId).sort()).toEqual([p1.a.assetId, p1.b.assetId].sort());
  const audit = await ctx.db.knex('audit_log').where('id', '>', since).where('table_name', 'service_publication_agreement');
  expect(audit.map((a: { action: string; actor_id: string }) => [a.action, a.actor_id])).toEqual([['insert', coord.userId], ['insert', coord.userId]]);

  const after = (await anon.get(`/api/campaigns/${campaignId}/results`)).body;
  const shown = new Set(after.assets.map((a: { assetId: string }) => a.assetId));
  expect([...shown].every((id) => id === p1.a.assetId || id === p1.b.assetId)).toBe(true);
  expect(shown.has(p1.a.assetId)).toBe(true);
  const lines = (await anon.get(`/api/campaigns/${campaignId}/pathways.geojson`)).body.features as { properties: { aAssetId: string; bAssetId: string } }[];
  expect(lines.length).toBeGreaterThanOrEqual(1);
  for (const l of lines) expect([l.properties.aAssetId, l.properties.bAssetId].every((id) => shown.has(id) || id === p1.b.assetId)).toBe(true);
  const csvAfter = (await commissioner.get(`/api/campaigns/${campaignId}/export/pairs.csv`)).text as string;
  expect(csvAfter).toContain(`,${p1.a.assetId},${p1.a.name},`);

  // Withdrawn: gone again.
  await coord.post('/api/linkage/service-agreements', { assetId: p1.a.assetId, agreed: false });
  const withdrawn = (await anon.get(`/api/campaigns/${campaignId}/results`)).body;
  expect(withdrawn.assets.map((a: { assetId: string }) => a.assetId)).not.toContain(p1.a.assetId);
  expect((await anon.get(`/api/campaigns/${campaignId}/pathways.geojson`)).body.features).toEqual([]);
  await coord.post('/api/linkage/service-agreements', { assetId: p1.b.assetId, agreed: false });
});

test('comparison: rows marked primary or secondary; different designs are named in a warning', async () => {
  const twin = await researcher.post('/api/campaigns', { name: 'V2 twin', approach: 'disclosed', frame: { categories: ['treatment', 'mutual_aid'] }, design: { ...DESIGN, pairCount: 2 } });
  await researcher.post(`/api/campaigns/${twin.body.id}/draw`, { seed: 9 });
  await researcher.post(`/api/campaigns/${twin.body.id}/close`, {});
  const same = (await researcher.get(`/api/campaigns/${twin.body.id}/comparison?with=${campaignId}`)).body;
  expect(same.comparable).toEqual({ ok: true, differences: [], warning: null });
  expect(same.rows.filter((r: { role: string }) => r.role === 'primary').map((r: { metric: string }) => r.metric)).toEqual(['reach']);
  const other = await researcher.post('/api/campaigns', { name: 'Other', approach: 'disclosed', frame: { categories: ['housing', 'lero_peer_support'] }, design: { pairCount: 1 }, rubric: { maxAttempts: 2 } });
  await researcher.post(`/api/campaigns/${other.body.id}/draw`, { seed: 2 });
  await researcher.post(`/api/campaigns/${other.body.id}/close`, {});
  const differ = (await researcher.get(`/api/campaigns/${other.body.id}/comparison?with=${campaignId}`)).body;
  expect(differ.comparable.ok).toBe(false);
  expect(differ.comparable.differences.map((d: { field: string }) => d.field)).toEqual(['frame', 'rubric']);
  expect(differ.comparable.warning).toMatch(/differ in design/);
});

test('reciprocal pairs: each drawn pair is tested both ways', async () => {
  const res = await researcher.post('/api/campaigns', { name: 'Both ways', approach: 'disclosed', frame: { categories: ['treatment', 'mutual_aid'] }, design: { pairCount: 4, reciprocal: true } });
  await researcher.post(`/api/campaigns/${res.body.id}/draw`, { seed: 3 });
  const drawn = (await researcher.get(`/api/campaigns/${res.body.id}/pairs`)).body.items as Pair[];
  expect(drawn).toHaveLength(4);
  expect([drawn[1].a.assetId, drawn[1].b.assetId]).toEqual([drawn[0].b.assetId, drawn[0].a.assetId]);
  expect([drawn[3].a.assetId, drawn[3].b.assetId]).toEqual([drawn[2].b.assetId, drawn[2].a.assetId]);
});

test('the method and ethics documents are served as Markdown to anyone; others are not', async () => {
  const method = await anon.get('/api/docs/linkage-method.md');
  expect(method.status).toBe(200);
  expect(method.headers['content-type']).toMatch(/^text\/markdown/);
  expect(method.text).toMatch(/^# /);
  expect((await anon.get('/api/docs/linkage-ethics.md')).text).toMatch(/lawful basis/i);
  expect((await anon.get('/api/docs/privacy.md')).status).toBe(400);
  void fx;
});
