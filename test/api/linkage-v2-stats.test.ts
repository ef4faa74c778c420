import { createTestContext, type Client, type TestContext } from '../harness';
import { makeLinkageAssets, STRATIFIED_DESIGN } from '../linkage-fixture';
import { designRatio, type SurveyUnit } from '../../server/stats/survey';

/**
 * Linkage method version 2 through the API: the version stamp on every output, design-based
 * headline figures with sentences, open-pair bounds, the inclusion check under the cap, the
 * comparison's comparability check, shared services and Holm-adjusted p, and the planner for
 * a before/after change. The estimators themselves are checked against independent values in
 * server/stats/*.test.ts and server/linkage/results*.test.ts.
 */
let ctx: TestContext;
let researcher: Client;
let commissioner: Client;
type Pair = { id: string; pairNumber: number; stratum: string; a: { assetId: string }; status: string; outcome: number | null };

beforeAll(async () => {
  ctx = await createTestContext();
  let coord: Client;
  [researcher, coord, commissioner] = await Promise.all(['researcher', 'coordinator', 'commissioner'].map((r) => ctx.as(r as never)));
  await makeLinkageAssets(coord);
});
afterAll(async () => { await ctx.close(); });

const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
const frame = { categories: ['treatment', 'mutual_aid', 'housing', 'lero_peer_support'] };

async function drawn(name: string, design: object, seed: number): Promise<{ id: string; pairs: Pair[] }> {
  const created = await researcher.post('/api/campaigns', { name, approach: 'disclosed', frame, design, rubric: { maxAttempts: 1 } });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await researcher.post(`/api/campaigns/${id}/draw`, { seed })).status).toBe(200);
  await researcher.post(`/api/campaigns/${id}/assignments`, { callerId: researcher.userId, count: 100 });
  return { id, pairs: (await researcher.get(`/api/campaigns/${id}/pairs`)).body.items };
}

/** Outcomes by pair number: a code reaches the pair, 'x' makes it unreachable (one attempt allowed), undefined leaves it open. */
async function record(pairs: Pair[], plan: Record<number, number | 'x'>): Promise<Pair[]> {
  for (const p of pairs) {
    const o = plan[p.pairNumber];
    if (o === undefined) continue;
    const body = o === 'x' ? { attemptedAt: at(5), mode: 'phone', result: 'no_answer' } : { attemptedAt: at(5), mode: 'phone', result: 'answered', outcome: o };
    const res = await researcher.post(`/api/campaign-pairs/${p.id}/attempts`, body);
    expect(res.status).toBe(201);
    p.status = o === 'x' ? 'unreachable' : 'reached';
    p.outcome = o === 'x' ? null : o;
  }
  return pairs;
}

let spring: { id: string; pairs: Pair[] };

test('results carry the method version, design-based headline figures with sentences, open-pair bounds and the inclusion check', async () => {
  spring = await drawn('Spring v2', STRATIFIED_DESIGN, 424242);
  await record(spring.pairs, { 1: 3, 2: 2, 3: 0, 4: 1, 5: 'x' }); // 6 and 7 stay open
  const res = await researcher.get(`/api/campaigns/${spring.id}/results`);
  expect(res.status).toBe(200);
  const r = res.body;
  expect(r.method).toMatchObject({ version: 2, document: 'docs/linkage-method.md', software: expect.stringMatching(/^waymark /) });
  expect(r.counts).toMatchObject({ closed: 5, reached: 4, open: 2 });
  // Open pairs, by hand: reach 4/5 → as unreachable 4/7, as reached 6/7; knew among reached 3/4 → 3/4, 3/6, 5/6.
  expect(r.openBounds.reach).toEqual({ asUnreachable: 4 / 7, asReachedWorst: 6 / 7, asReachedBest: 6 / 7, lower: 4 / 7, upper: 6 / 7 });
  expect(r.openBounds.amongReached.knew).toEqual({ asUnreachable: 3 / 4, asReachedWorst: 3 / 6, asReachedBest: 5 / 6, lower: 3 / 6, upper: 5 / 6 });
  // The headline reach is the weighted, A-clustered estimate over the closed pairs (N_h = 11 and 6 by hand, fixture).
  const units: SurveyUnit[] = spring.pairs.filter((p) => p.status !== 'open').map((p) => ({ stratum: p.stratum, cluster: p.a.assetId, y: p.status === 'reached' ? 1 : 0, r: 1 }));
  const expected = designRatio(units, [{ key: 'treatment>mutual_aid', possible: 11 }, { key: 'housing>lero_peer_support', possible: 6 }]);
  expect(r.headline.reach).toMatchObject({ estimate: expected.estimate, lower: expected.lower, upper: expected.upper, basis: 'weighted, clustered by contacted service', secondary: true });
  expect(r.headline.reach.sentence).toMatch(/^About \d+ in 100 contacted services were reached; we are 95% sure it is between \d+ and \d+ in 100\.$/);
  expect(r.primary).toBe('information_closed');
  expect(r.headline.amongClosed.information.secondary).toBe(false);
  expect(r.population.possiblePairs).toBe(17);
  // Cap 2 binds in this frame: the inclusion check re-draws from the seed's stream.
  expect(r.inclusion).toMatchObject({ method: 'simulation', runs: 200 });
  expect(r.inclusion.minRatio).toBeLessThanOrEqual(1);
  expect(r.inclusion.maxRatio).toBeGreaterThanOrEqual(1);
  expect(r.warnings[0]).toMatch(/^2 pairs are still open/);
  const summary = JSON.parse((await researcher.get(`/api/campaigns/${spring.id}/export/summary.json`)).text);
  expect(summary.method.version).toBe(2);
});

test('every CSV row and every codebook row carries the method and software versions', async () => {
  await researcher.post(`/api/campaigns/${spring.id}/close`, {});
  for (const file of ['pairs.csv', 'attempts.csv', 'codebook.csv']) {
    const res = await commissioner.get(`/api/campaigns/${spring.id}/export/${file}`);
    expect(res.status).toBe(200);
    const lines = res.text.trim().split('\r\n');
    expect(lines[0].endsWith(',method_version,software_version')).toBe(true);
    for (const line of lines.slice(1)) expect(line).toMatch(/,2,\d+\.\d+\.\d+[^,]*$/);
  }
});

test('comparison: different strata are flagged not comparable; shared services, Holm p and sentences are given', async () => {
  const interim = await drawn('Interim v2', { strata: [{ from: 'treatment', to: 'mutual_aid', count: 3 }], excludeSameOrganisation: true, excludeSameSite: true, maxContactsPerService: 2 }, 7);
  await record(interim.pairs, { 1: 3, 2: 2, 3: 'x' });
  const res = await researcher.get(`/api/campaigns/${interim.id}/comparison?with=${spring.id}`);
  expect(res.status).toBe(200);
  const c = res.body;
  expect(c.method.version).toBe(2);
  expect(c.comparability.comparable).toBe(false);
  expect(c.comparability.problems.map((p: { code: string }) => p.code)).toEqual(['strata_differ']);
  const closedAs = (ps: Pair[]) => new Set(ps.filter((p) => p.status !== 'open').map((p) => p.a.assetId));
  const springAs = closedAs(spring.pairs);
  expect(c.sharedServices).toBe([...closedAs(interim.pairs)].filter((a) => springAs.has(a)).length);
  expect(c.rows).toHaveLength(7);
  for (const row of c.rows) {
    expect(row.secondary).toBe(row.metric !== 'information_closed');
    expect(row.sentence).toMatch(/(Clear|No clear) evidence of change|cannot yet compare/);
    if (row.pValue !== null && row.secondary) expect(row.pValueHolm).toBeGreaterThanOrEqual(row.pValue);
  }
  expect(c.rows[0].design.basis).toBe('weighted, clustered by contacted service');
  // The same design with another seed is comparable.
  const twin = await drawn('Twin v2', STRATIFIED_DESIGN, 99);
  expect((await researcher.get(`/api/campaigns/${twin.id}/comparison?with=${spring.id}`)).body.comparability).toEqual({ comparable: true, problems: [] });
});

test('planning a before/after comparison: 373 per campaign for 0.56 → 0.66; 120 pairs have power 0.35', async () => {
  const res = await researcher.get('/api/linkage/comparison-size?before=0.56&after=0.66&planned=120');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ pairsSimpleRandom: 373, pairsPerCampaign: 373, canAnswer: false });
  expect(res.body.powerAtPlanned).toBeCloseTo(0.35426489490249324, 8); // R: power.prop.test(n = 120, p1 = .56, p2 = .66)
  expect((await researcher.get('/api/linkage/comparison-size?before=0.56&after=0.66&weightingEffect=1.28')).body.pairsPerCampaign).toBe(477);
  const bad = await researcher.get('/api/linkage/comparison-size?before=0.5&after=0.5');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].field).toBe('query.after');
  expect((await commissioner.get('/api/linkage/comparison-size?before=0.5&after=0.6')).status).toBe(403);
});
