import { loadReferenceGeography, readReferenceFiles } from '../../seeds/reference';
import { createTestContext, type Client, type TestContext } from '../harness';
import { makeLinkageAssets, type LinkageFixture } from '../linkage-fixture';

/**
 * The partnership dashboard and its snapshots through the API, on the linkage fixture (12
 * published records) plus three of our own, over the real Calderdale LSOAs round Halifax.
 * Every figure is checked against a hand count of what this file made.
 */
let ctx: TestContext;
let coord: Client;
let researcher: Client;
let commissioner: Client;
let fx: LinkageFixture;
const ids: Record<string, string> = {};

async function make(key: string, body: object, publish = true): Promise<void> {
  const res = await coord.post('/api/assets', { name: key, category: 'mutual_aid', publish, ...body });
  if (res.status !== 201) throw new Error(`${key}: ${res.status} ${JSON.stringify(res.body)}`);
  ids[key] = res.body.asset.id;
}

beforeAll(async () => {
  ctx = await createTestContext({ snapshotOnClose: true });
  await loadReferenceGeography(ctx.db.knex, readReferenceFiles());
  [coord, researcher, commissioner] = await Promise.all((['coordinator', 'researcher', 'commissioner'] as const).map((r) => ctx.as(r)));
  fx = await makeLinkageAssets(coord);
  const lero = await coord.post('/api/organisations', { name: 'Halifax Recovery Collective', kind: 'lero' });
  expect(lero.status).toBe(201);
  // Two at one named venue in central Halifax; an advice drop-in at the sensitive housing's site.
  await make('Peer Café', { category: 'recovery_community', peerLed: true, commissioning: 'independent', organisationId: lero.body.id, sites: [{ lat: 53.7245, lng: -1.862, venueName: 'Square Chapel' }] });
  const cafe = await coord.get(`/api/assets/${ids['Peer Café']}`);
  await make('SMART Halifax', { peerLed: true, commissioning: 'independent', sites: [{ id: cafe.body.sites[0].id }] });
  const h2 = await coord.get(`/api/assets/${fx.ids.H2}`);
  await make('Advice Drop-in', { category: 'advice', sites: [{ id: h2.body.sites[0].id }] });
  await make('Pending Group', { sites: [{ lat: 53.71, lng: -1.88 }] }, false);
  await make('Old Walk', { category: 'social_leisure_arts', sites: [{ lat: 53.705, lng: -1.85 }] });
  expect((await coord.post(`/api/assets/${ids['Old Walk']}/archive`, {})).status).toBe(200);
  // Three overdue for verification (publishing verifies; these were last verified long ago).
  const ago = (d: number) => new Date(Date.now() - d * 86_400_000);
  for (const [key, days] of [['T1', 400], ['T2', 500], ['H1', 380]] as const) await ctx.db.knex('asset').where({ id: fx.ids[key] }).update({ last_verified_at: ago(days) });
});
afterAll(async () => { await ctx.close(); });

const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

test('what exists: counts, shares, co-located sites, LEROs, freshness and change, by hand', async () => {
  const res = await commissioner.get(`/api/dashboard?since=${yesterday()}`);
  expect(res.status).toBe(200);
  const e = res.body.exists;
  // 12 fixture records + Peer Café, SMART, Advice: 15 published; 2 peer-led, 2 independent.
  expect(e.categories.total).toEqual({ category: 'all', count: 15, peerLed: 2, peerLedShare: 0.1333, independent: 2, independentShare: 0.1333 });
  const row = (c: string) => e.categories.rows.find((r: { category: string }) => r.category === c);
  expect(row('mutual_aid')).toMatchObject({ count: 5, peerLed: 1, peerLedShare: 0.2, independent: 1, independentShare: 0.2 });
  expect(row('treatment')).toMatchObject({ count: 3, peerLed: 0 });
  expect(e.categories.provenance).toMatchObject({ source: expect.stringContaining('registry'), link: '/registry.html' });
  // T3 + M1 (no venue name), Square Chapel (2), the sensitive site (H2 + advice: never named).
  expect(e.coLocated.count).toBe(3);
  expect(e.coLocated.sites.map((s: { name: string; serviceCount: number; services: string[] }) => [s.name, s.serviceCount, s.services])).toEqual([
    ['A confidential site', 2, []],
    ['An unnamed site', 2, ['Linkage M1 service', 'Linkage T3 service']],
    ['Square Chapel', 2, ['Peer Café', 'SMART Halifax']],
  ]);
  expect(e.coLocated.sites[2].place).toMatch(/^Halifax \(Calderdale \d{3}[A-Z]\)$/);
  expect(e.leros).toMatchObject({ count: 1, names: ['Halifax Recovery Collective'], assets: 1 });
  // 12 of 15 verified in the last year; T2 (500 days), T1 (400), H1 (380) overdue, oldest first.
  expect(e.freshness.total).toEqual({ category: 'all', count: 15, verified: 12, share: 0.8 });
  expect(e.freshness.rows.find((r: { category: string }) => r.category === 'treatment')).toMatchObject({ count: 3, verified: 1, share: 0.3333 });
  expect(e.freshness.overdue.map((o: { name: string; daysSince: number }) => [o.name, o.daysSince])).toEqual([['Linkage T2 service', 500], ['Linkage T1 service', 400], ['Linkage H1 service', 380]]);
  // Since yesterday: 17 made (15 published, 1 pending, 1 archived); 1 archived; 12 verified.
  expect(e.change).toMatchObject({ added: 17, archived: 1, reverified: 12 });
});

test('where the gaps are: the whole partnership equals the gap summary; deciles add up; places, never cell codes', async () => {
  const dash = (await commissioner.get('/api/dashboard')).body.gaps;
  const summary = (await commissioner.get('/api/gaps/summary?category=treatment,mutual_aid')).body.categories;
  for (const s of summary) {
    const row = dash.categories.find((r: { category: string }) => r.category === s.category);
    expect([s.category, row.population, row.populationInGaps, row.mostDeprivedInGaps, row.supplyPoints]).toEqual([s.category, s.population, s.populationInGaps, s.mostDeprivedInGaps, s.supplyPoints]);
    const focus = dash.focus.find((f: { category: string }) => f.category === s.category);
    const sum = (k: 'population' | 'inGaps') => Math.round(focus.deciles.reduce((t: number, d: Record<string, number>) => t + d[k], 0));
    // Cells with no decile are in no bar; Calderdale's all have one.
    expect([sum('population'), sum('inGaps')]).toEqual([Math.round(s.population), Math.round(s.populationInGaps)]);
    expect(focus.worst.map((w: { place: string }) => w.place)).toEqual(s.worstGaps.slice(0, 5).map((w: { place: string }) => w.place));
    for (const w of [...focus.worst, ...focus.suggestions]) expect(w.place).toMatch(/^[A-Z][^()]+ \(Calderdale \d{3}[A-Z]\)$/);
  }
  const suggestions = (await commissioner.get('/api/gaps/suggestions?category=treatment&k=3')).body.suggestions;
  for (const s of suggestions) {
    expect(s.place).toMatch(/^[A-Z][^()]+ \(Calderdale \d{3}[A-Z]\)$/);
    expect(s.explanation).toContain(`near ${s.place} would`);
    expect(s.explanation).not.toMatch(/h\d+_\d+_\d+/);
  }
});

test('filters: each town holds its own records, and the towns together hold them all', async () => {
  const whole = (await commissioner.get('/api/dashboard')).body;
  const towns = whole.places.filter((p: { kind: string }) => p.kind === 'town').map((p: { name: string }) => p.name);
  expect(towns).toContain('Halifax');
  let sum = 0;
  for (const town of towns) {
    const res = await commissioner.get(`/api/dashboard?town=${encodeURIComponent(town)}`);
    expect(res.status).toBe(200);
    expect(res.body.place).toEqual({ kind: 'town', name: town });
    sum += res.body.exists.categories.total.count;
    if (town === 'Halifax') expect(res.body.exists.coLocated.sites.map((s: { name: string }) => s.name)).toContain('Square Chapel');
  }
  expect(sum).toBe(whole.exists.categories.total.count);
  const bad = await commissioner.get('/api/dashboard?town=Atlantis');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].field).toBe('query.town');
  expect((await commissioner.get('/api/dashboard?since=2026-02-31')).body.error.details[0].field).toBe('query.since');
  expect((await (await ctx.as('volunteer')).get('/api/dashboard')).status).toBe(403);
});

/** A treatment → mutual aid campaign of six pairs, outcomes by pair number, closed. */
async function runCampaign(name: string, seed: number, outcomes: (number | 'unreachable')[]) {
  const created = await researcher.post('/api/campaigns', {
    name, approach: 'disclosed', rubric: { maxAttempts: 1 }, frame: { categories: ['treatment', 'mutual_aid'] },
    design: { strata: [{ from: 'treatment', to: 'mutual_aid', count: 6 }], excludeSameOrganisation: false, excludeSameSite: true, maxContactsPerService: null },
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  expect((await researcher.post(`/api/campaigns/${id}/draw`, { seed })).status).toBe(200);
  expect((await researcher.post(`/api/campaigns/${id}/assignments`, { callerId: researcher.userId, count: 6 })).status).toBe(200);
  const pairs = (await researcher.get(`/api/campaigns/${id}/pairs`)).body.items as { id: string; pairNumber: number; a: { assetId: string } }[];
  for (const p of pairs) {
    const o = outcomes[p.pairNumber - 1];
    const body = o === 'unreachable' ? { result: 'no_answer' } : { result: 'answered', outcome: o };
    expect((await researcher.post(`/api/campaign-pairs/${p.id}/attempts`, { attemptedAt: new Date(Date.now() - 60_000).toISOString(), mode: 'phone', ...body })).status).toBe(201);
  }
  expect((await researcher.post(`/api/campaigns/${id}/close`, {})).status).toBe(200);
  return { id, pairs };
}

async function snapshotsAfterClosing(n: number) {
  // The snapshot is taken once the close has answered: wait for it (each check is a read).
  for (let i = 0; i < 600; i++) {
    const items = (await commissioner.get('/api/dashboard/snapshots')).body.items as { id: string; reason: string; campaignId: string }[];
    if (items.filter((s) => s.reason === 'campaign_closed').length >= n) return items;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no snapshot after closing');
}

test('how well connected: the sentence, the change with its verdict, the pathways; snapshots at each close and their trend', async () => {
  const first = await runCampaign('Spring calls', 11, [3, 2, 2, 0, 1, 'unreachable']);
  const [snap1] = await snapshotsAfterClosing(1);
  expect(snap1.campaignId).toBe(first.id);
  let c = (await commissioner.get('/api/dashboard')).body.connected;
  // 3 of 6 closed pairs gave contact details or more: Wilson 95% 0.1876–0.8124.
  expect(c.sentence).toBe('When we called services and asked about another, 50 in 100 could tell us how to reach it (95% CI 19–81; 3 of 6 calls).');
  expect(c.change).toBeNull();
  expect(c.provenance.link).toBe(`/results.html?id=${first.id}`);

  const second = await runCampaign('Autumn calls', 12, [3, 3, 2, 2, 2, 0]);
  const items = await snapshotsAfterClosing(2);
  c = (await commissioner.get('/api/dashboard')).body.connected;
  expect(c.campaign.name).toBe('Autumn calls');
  expect(c.sentence).toContain('83 in 100');
  // 5/6 after 3/6: +0.333, Newcombe −0.172 to 0.674 by hand.
  expect(c.change.sentence).toBe('Compared with Spring calls, 33 more in 100 (95% CI −17 to 67 in 100): no clear change.');
  expect(c.change.verdict).toBe('no clear change');
  expect(c.weakestPairs).toHaveLength(1);
  expect(c.weakestPairs[0]).toMatchObject({ from: 'treatment', to: 'mutual_aid', closed: 6 });
  // Working pathways: the treatment services (A) of pairs whose outcome was ≥ 2.
  const working = new Set(second.pairs.filter((p) => p.pairNumber <= 5).map((p) => p.a.assetId));
  expect(c.pathways).toMatchObject({ services: 3, working: working.size, everyService: working.size === 3 });

  // The trend between the two closes: the linkage rate went from 50 to 83.3 per 100.
  const [after, before] = items.filter((s) => s.reason === 'campaign_closed');
  const trend = await commissioner.get(`/api/dashboard/trend?from=${after.id}&to=${before.id}`);
  expect(trend.status).toBe(200);
  expect(trend.body.before.id).toBe(before.id);
  const linkage = trend.body.rows.find((r: { key: string }) => r.key === 'linkage');
  expect([linkage.before, linkage.after, linkage.change]).toEqual([50, 83.3, 33.3]);
  expect(trend.body.rows.find((r: { key: string }) => r.key === 'assets')).toMatchObject({ before: 15, after: 15, change: 0 });
});

test('on-demand snapshots are audited and never rewritten', async () => {
  expect((await researcher.post('/api/dashboard/snapshots', {})).status).toBe(403);
  const taken = await commissioner.post('/api/dashboard/snapshots', {});
  expect(taken.status).toBe(201);
  expect(taken.body.reason).toBe('on_demand');
  const audit = await ctx.db.knex('audit_log').where({ table_name: 'dashboard_snapshot', row_id: taken.body.id });
  expect(audit.map((a) => [a.action, a.actor_id])).toEqual([['insert', commissioner.userId]]);
  const before = (await commissioner.get(`/api/dashboard/snapshots/${taken.body.id}`)).body;
  await ctx.db.knex('dashboard_snapshot').where({ id: taken.body.id }).update({ figures: JSON.stringify({ forged: true }) });
  await ctx.db.knex('dashboard_snapshot').where({ id: taken.body.id }).delete();
  expect((await commissioner.get(`/api/dashboard/snapshots/${taken.body.id}`)).body).toEqual(before);
  expect(before.figures.exists.categories.total.count).toBe(15);
});
