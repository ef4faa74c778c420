import request from 'supertest';
import { settled } from '../../server/jobs/service';
import { createApp } from '../../server/app';
import { createTestContext, signIn, testConfig, type Client, type TestContext } from '../harness';
import { agreeToPublication, makeLinkageAssets, type LinkageFixture } from '../linkage-fixture';

/**
 * A campaign's results and pathway layers are kept per campaign version (server/linkage/
 * results-cache.ts): a second read runs none of the queries that build them, and a new
 * attempt, publishing, or a moved site makes the next read compute again. Anonymous
 * readers of a published campaign still get masked pathway ends, whoever read first.
 * Cache hits are proven by the statements the database is sent, not by timing.
 */
let ctx: TestContext;
let researcher: Client;
let coord: Client;
let vol: Client;
let anon: Client;
let fx: LinkageFixture;
let campaignId: string;
let pairIds: string[];
let exactH2: [number, number];
let maskedH2: [number, number];

// The statements that build the answers: the pairs for results, the pathway rows (either column).
const RESULTS_READ = /json_agg\(json_build_array\(p\.id/;
const PATHWAYS_READ = /ST_X\(sa\."?geom/;

async function statementsDuring(run: () => Promise<unknown>): Promise<string[]> {
  // Work that follows an earlier answer (the dashboard's snapshot after a close reads results) is not this read's.
  await settled();
  const seen: string[] = [];
  const listen = (q: { sql: string }) => seen.push(q.sql);
  ctx.db.knex.on('query', listen);
  try {
    await run();
  } finally {
    ctx.db.knex.removeListener('query', listen);
  }
  return seen;
}
const matching = (sqls: string[], re: RegExp) => sqls.filter((s) => re.test(s)).length;

type Line = { geometry: { coordinates: [number, number][] }; properties: { aAssetId: string; bAssetId: string } };
const endsOf = (fc: { features: Line[] }, assetId: string) =>
  fc.features.flatMap((f) => [f.properties.aAssetId === assetId ? [f.geometry.coordinates[0]] : [], f.properties.bAssetId === assetId ? [f.geometry.coordinates[1]] : []].flat());

beforeAll(async () => {
  ctx = await createTestContext();
  [researcher, coord, vol, anon] = await Promise.all(['researcher', 'coordinator', 'volunteer', 'anon'].map((r) => ctx.as(r as never)));
  fx = await makeLinkageAssets(coord);
  // Per-service figures are public only with the services' agreement (issue 21): these tests read them as the public.
  await agreeToPublication(coord, fx);
  // Housing only: H1 → H2 and H2 → H1; H2 is sensitive.
  const c = await researcher.post('/api/campaigns', { name: 'Cached pathways', approach: 'simulated_enquiry', frame: { categories: ['housing'] }, design: { pairCount: 2 } });
  campaignId = c.body.id;
  expect((await researcher.post(`/api/campaigns/${campaignId}/draw`, { seed: 7 })).body.pairsDrawn).toBe(2);
  pairIds = (await researcher.get(`/api/campaigns/${campaignId}/pairs`)).body.items.map((p: { id: string }) => p.id);
  expect((await researcher.post(`/api/campaigns/${campaignId}/assignments`, { callerId: vol.userId, pairIds })).status).toBeLessThan(300);
  const { rows } = await ctx.db.knex.raw(
    `SELECT ST_X(s.geom) AS x, ST_Y(s.geom) AS y, ST_X(s.geom_public) AS px, ST_Y(s.geom_public) AS py FROM asset_site l JOIN site s ON s.id = l.site_id WHERE l.asset_id = ?`,
    [fx.ids.H2],
  );
  exactH2 = [rows[0].x, rows[0].y];
  maskedH2 = [rows[0].px, rows[0].py];
  expect(maskedH2).not.toEqual(exactH2);
});
afterAll(async () => { await ctx.close(); });

const attempt = (pairId: string) => vol.post(`/api/campaign-pairs/${pairId}/attempts`, { attemptedAt: new Date().toISOString(), mode: 'phone', result: 'answered', outcome: 2 });

test('interim results: the second read is served from the cache; a new attempt makes the next read compute again', async () => {
  const first = await statementsDuring(async () => expect((await researcher.get(`/api/campaigns/${campaignId}/results`)).body.counts.reached).toBe(0));
  expect(matching(first, RESULTS_READ)).toBe(1);
  let again: { body: { counts: { reached: number } } } | undefined;
  const second = await statementsDuring(async () => { again = await researcher.get(`/api/campaigns/${campaignId}/results`); });
  expect(matching(second, RESULTS_READ)).toBe(0);
  expect(again!.body.counts.reached).toBe(0);

  expect((await attempt(pairIds[0])).status).toBe(201);
  const afterAttempt = await statementsDuring(async () => expect((await researcher.get(`/api/campaigns/${campaignId}/results`)).body.counts).toMatchObject({ reached: 1, open: 1 }));
  expect(matching(afterAttempt, RESULTS_READ)).toBe(1);
  // The summary download reuses the cached results.
  const summary = await statementsDuring(async () => expect((await researcher.get(`/api/campaigns/${campaignId}/export/summary.json`)).status).toBe(200));
  expect(matching(summary, RESULTS_READ)).toBe(0);
});

test('published: anonymous readers get masked ends from the cache, even after a coordinator read the exact ones', async () => {
  expect((await attempt(pairIds[1])).status).toBe(201);
  expect((await researcher.post(`/api/campaigns/${campaignId}/close`, {})).status).toBe(200);
  expect((await anon.get(`/api/campaigns/${campaignId}/results`)).status).toBe(404);
  expect((await researcher.post(`/api/campaigns/${campaignId}/publish`, {})).status).toBe(200);

  const asCoord = (await coord.get(`/api/campaigns/${campaignId}/pathways.geojson`)).body;
  expect(endsOf(asCoord, fx.ids.H2)).toEqual([exactH2, exactH2]);
  const firstAnon = await statementsDuring(async () => expect(endsOf((await anon.get(`/api/campaigns/${campaignId}/pathways.geojson`)).body, fx.ids.H2)).toEqual([maskedH2, maskedH2]));
  expect(matching(firstAnon, PATHWAYS_READ)).toBe(1);
  let body = '';
  const secondAnon = await statementsDuring(async () => { body = (await anon.get(`/api/campaigns/${campaignId}/pathways.geojson`)).text; });
  expect(matching(secondAnon, PATHWAYS_READ)).toBe(0);
  expect(endsOf(JSON.parse(body), fx.ids.H2)).toEqual([maskedH2, maskedH2]);
  expect(body).not.toContain(String(exactH2[0]));
  // A visitor holding this answer revalidates it for nothing; the exact layer's tag is not the masked one's.
  const masked = await anon.get(`/api/campaigns/${campaignId}/pathways.geojson`);
  expect((await anon.get(`/api/campaigns/${campaignId}/pathways.geojson`).set('If-None-Match', masked.headers.etag)).status).toBe(304);
  const exactTag = (await coord.get(`/api/campaigns/${campaignId}/pathways.geojson`)).headers.etag;
  expect(exactTag).not.toBe(masked.headers.etag);
  expect((await anon.get(`/api/campaigns/${campaignId}/pathways.geojson`).set('If-None-Match', exactTag)).status).toBe(200);

  // Results: published shows in the header (the campaign changed), then served from the cache.
  const published = await statementsDuring(async () => expect((await anon.get(`/api/campaigns/${campaignId}/results`)).body.campaign).toMatchObject({ published: true, status: 'closed' }));
  expect(matching(published, RESULTS_READ)).toBe(1);
  const cached = await statementsDuring(async () => expect((await anon.get(`/api/campaigns/${campaignId}/results`)).body.counts).toMatchObject({ reached: 2, open: 0 }));
  expect(matching(cached, RESULTS_READ)).toBe(0);
});

test('a site that moves changes the pathways (the public data version is part of their version)', async () => {
  const h1Site = (await ctx.db.knex('asset_site').where({ asset_id: fx.ids.H1 }).first()).site_id;
  await ctx.db.knex('site').where({ id: h1Site }).update({ geom: ctx.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [-1.85, 53.7]) });
  const moved = await statementsDuring(async () => expect(endsOf((await anon.get(`/api/campaigns/${campaignId}/pathways.geojson`)).body, fx.ids.H1)).toEqual([[-1.85, 53.7], [-1.85, 53.7]]));
  expect(matching(moved, PATHWAYS_READ)).toBe(1);
  // The results do not depend on sites: still cached.
  const results = await statementsDuring(async () => expect((await anon.get(`/api/campaigns/${campaignId}/results`)).status).toBe(200));
  expect(matching(results, RESULTS_READ)).toBe(0);
});

test('results and pathways reads are budgeted: per address for visitors, per account when signed in, 429 with Retry-After', async () => {
  // A second app on the same database, with small budgets (its own counters).
  const app = createApp({ db: ctx.db, config: testConfig({ expensiveReads: { gapReadsPerAccount: 100, resultsReadsPerAccount: 2, resultsReadsPerAddress: 3 } }) });
  const urls = ['results', 'pathways.geojson', 'pathways.geojson?layer=assets'].map((u) => `/api/campaigns/${campaignId}/${u}`);
  for (const url of urls) expect((await request(app).get(url)).status).toBe(200);
  const refused = await request(app).get(urls[0]);
  expect(refused.status).toBe(429);
  expect(refused.body.error.code).toBe('rate_limited');
  expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  // A signed-in reader has an account budget of its own.
  const signedIn = await signIn(app, 'commissioner@test.waymark');
  expect((await signedIn.get(urls[0])).status).toBe(200);
  expect((await signedIn.get(urls[1])).status).toBe(200);
  expect((await signedIn.get(urls[0])).status).toBe(429);
  // Other linkage reads are not budgeted here.
  expect((await request(app).get('/api/campaigns')).status).toBe(200);
});
