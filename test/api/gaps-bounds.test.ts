import request from 'supertest';
import { createApp } from '../../server/app';
import { createTestContext, signIn, testConfig, type Client, type TestContext } from '../harness';

/**
 * Every gap parameter is bounded to what the method needs (docs/gaps-method.md, "Limits
 * on the parameters"), and a request outside the bounds is a 400 naming the field before
 * any analysis starts: a 156 KB what-if body with 20,000 bands used to hold the server for
 * a minute. Expensive gap reads have a budget per account (429 + Retry-After).
 */
let ctx: TestContext;
let commissioner: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  commissioner = await ctx.as('commissioner');
});
afterAll(async () => { await ctx.close(); });

// Any statement of the analysis: the data versions it is keyed on, the grid, the supply.
const ANALYSIS = /data_version|gap_hex|ST_HexagonGrid|partnership_id|FROM area/;

async function analysisStatements(run: () => Promise<unknown>): Promise<number> {
  const seen: string[] = [];
  const listen = (q: { sql: string }) => seen.push(q.sql);
  ctx.db.knex.on('query', listen);
  try {
    await run();
  } finally {
    ctx.db.knex.removeListener('query', listen);
  }
  return seen.filter((s) => ANALYSIS.test(s)).length;
}

const fields = (res: request.Response) => res.body.error.details.map((d: { field: string }) => d.field);

test('a what-if with 20,000 bands is a 400 naming bands and weights, and runs no analysis', async () => {
  const body = {
    category: 'housing', assets: [{ lat: 53.72, lng: -1.86 }],
    bands: Array.from({ length: 20_000 }, (_, i) => i + 1), weights: Array.from({ length: 20_000 }, () => 0.5),
  };
  expect(JSON.stringify(body).length).toBeGreaterThan(100_000);
  let res: request.Response | undefined;
  expect(await analysisStatements(async () => { res = await commissioner.post('/api/gaps/what-if', body); })).toBe(0);
  expect(res!.status).toBe(400);
  expect(fields(res!)).toEqual(['bands', 'weights']);
  expect(res!.body.error.details[0].message).toBe('at most 10 values');
});

test('bands in a query: at most ten, edges at most 10 km', async () => {
  const eleven = Array.from({ length: 11 }, (_, i) => 200 * (i + 1)).join(',');
  const many = await commissioner.get(`/api/gaps/summary?category=housing&bands=${eleven}&weights=${Array(11).fill(1).join(',')}`);
  expect(many.status).toBe(400);
  expect(fields(many)).toEqual(['query.bands', 'query.weights']);
  const far = await commissioner.get('/api/gaps/summary?category=housing&bands=800,12000&weights=1,0.5');
  expect(far.status).toBe(400);
  expect(far.body.error.details).toEqual([{ field: 'query.bands', message: 'band edges must be at most 10000 m' }]);
  const threshold = await commissioner.get('/api/gaps/summary?category=housing&threshold=10001');
  expect(fields(threshold)).toEqual(['query.threshold']);
});

test('cell sizes come from a short list; another size is a 400 that builds no grid', async () => {
  for (const size of ['100', '300', '5000', '499.5']) {
    let res: request.Response | undefined;
    expect(await analysisStatements(async () => { res = await commissioner.get(`/api/gaps/cells?category=housing&cellSize=${size}`); })).toBe(0);
    expect(res!.status).toBe(400);
    expect(res!.body.error.details).toEqual([{ field: 'query.cellSize', message: 'must be one of 250, 500, 1000, 2000 (metres)' }]);
  }
  const body = await commissioner.post('/api/gaps/what-if', { category: 'housing', cellSize: 750, assets: [{ lat: 53.72, lng: -1.86 }] });
  expect(fields(body)).toEqual(['cellSize']);
});

test('the most a request may ask for is answered: ten bands, the largest reach, the smallest cells', async () => {
  const bands = Array.from({ length: 10 }, (_, i) => 1000 * (i + 1)).join(',');
  const weights = Array.from({ length: 10 }, (_, i) => (10 - i) / 10).join(',');
  let res: request.Response | undefined;
  // (And the probe the refusals above are checked with does see an analysis when one runs.)
  expect(await analysisStatements(async () => { res = await commissioner.get(`/api/gaps/summary?category=housing&cellSize=250&threshold=10000&bands=${bands}&weights=${weights}`); })).toBeGreaterThan(0);
  res = res!;
  expect(res.status).toBe(200);
  expect(res.body.params).toMatchObject({ cellSize: 250, threshold: 10000 });
  expect(res.body.params.bands).toHaveLength(10);
});

test('gap reads have a budget per account: 429 with Retry-After, other accounts unaffected', async () => {
  // A second app on the same database, with a small budget (its own counters).
  const app = createApp({ db: ctx.db, config: testConfig({ expensiveReads: { gapReadsPerAccount: 3, resultsReadsPerAccount: 100, resultsReadsPerAddress: 100 } }) });
  const mine = await signIn(app, 'commissioner@test.waymark');
  const url = '/api/gaps/summary?category=housing&cells=lsoa';
  expect((await mine.get(url)).status).toBe(200);
  expect((await mine.post('/api/gaps/what-if', { category: 'housing', cells: 'lsoa', assets: [{ lat: 53.72, lng: -1.86 }] })).status).toBe(200);
  expect((await mine.get('/api/gaps/suggestions?category=housing&cells=lsoa&k=1')).status).toBe(200);
  const refused = await mine.get(url);
  expect(refused.status).toBe(429);
  expect(refused.body.error.code).toBe('rate_limited');
  expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  const other = await signIn(app, 'researcher@test.waymark');
  expect((await other.get(url)).status).toBe(200);
  // Reads outside the gap analysis are not counted against it.
  expect((await mine.get('/api/campaigns')).status).toBe(200);
});
