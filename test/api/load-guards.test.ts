import express from 'express';
import request from 'supertest';
import { createApp } from '../../server/app';
import * as assetService from '../../server/assets/service';
import * as publicRepo from '../../server/assets/public-repo';
import { admissionLimit, writeGate } from '../../server/http/limits';
import { errorMiddleware } from '../../server/http/errors';
import { translateDbError } from '../../server/db/errors';
import { readDataVersion } from '../../server/cache/repo';
import { createTestContext, signIn, testConfig, type TestContext } from '../harness';

/** Issue 5, item 13 (and the duplicate-check budget of item 1): caching, limits, fail-fast. */
let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

const cafe = (name: string) => ({ name, category: 'social_leisure_arts', publish: true, sites: [{ lat: 53.72, lng: -1.86 }] });
const errorShape = { error: { code: expect.any(String), message: expect.any(String) } };

describe('the public listing cache', () => {
  test('serves repeat public listings from memory, and a commit makes every older answer unreachable', async () => {
    const coord = await ctx.as('coordinator');
    expect((await coord.post('/api/assets', cafe('Cache Café One'))).status).toBe(201);
    const spy = jest.spyOn(publicRepo, 'publicItems');
    const full = jest.spyOn(assetService, 'listAssets');
    try {
      const anon = await ctx.as('anon');
      const first = await anon.get('/api/assets?q=Cache');
      const second = await anon.get('/api/assets?q=Cache');
      expect(second.body).toEqual(first.body);
      expect(first.body.items.map((a: { name: string }) => a.name)).toEqual(['Cache Café One']);
      expect(spy).toHaveBeenCalledTimes(1);
      // The ETag is the data version's, and a client holding it gets 304.
      expect(first.headers.etag).toMatch(/^W\/"pv\d+"$/);
      expect((await anon.get('/api/assets?q=Cache').set('If-None-Match', first.headers.etag)).status).toBe(304);
      // Commissioners and researchers read the same public answer (one entry for all of them).
      expect((await (await ctx.as('commissioner')).get('/api/assets?q=Cache')).body).toEqual(first.body);
      expect(spy).toHaveBeenCalledTimes(1);
      // Coordinators always query the full tables.
      await coord.get('/api/assets?q=Cache');
      await coord.get('/api/assets?q=Cache');
      expect(full).toHaveBeenCalledTimes(2);
      const before = await readDataVersion(ctx.db.knex);
      expect((await coord.post('/api/assets', cafe('Cache Café Two'))).status).toBe(201);
      expect(await readDataVersion(ctx.db.knex)).toBeGreaterThan(before);
      const third = await anon.get('/api/assets?q=Cache');
      expect(third.body.items.map((a: { name: string }) => a.name).sort()).toEqual(['Cache Café One', 'Cache Café Two']);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
      full.mockRestore();
    }
  });

  test('a rolled-back write does not move the data version', async () => {
    const before = await readDataVersion(ctx.db.knex);
    await ctx.db.knex.transaction(async (trx) => {
      await trx('organisation').update({ name: trx.raw('name') });
      await trx.rollback();
    }).catch(() => {});
    expect(await readDataVersion(ctx.db.knex)).toBe(before);
  });
});

test('planner statistics are refreshed on demand (the embedded engine has no autovacuum)', async () => {
  await ctx.db.refreshStatistics();
  if (process.env.TEST_DATABASE_URL) return; // a server's autovacuum does this; refreshStatistics is a no-op there
  const rows = await ctx.db.knex('pg_stats').where({ tablename: 'asset', attname: 'status' }).select('n_distinct');
  expect(rows).toHaveLength(1);
});

describe('rate limits (off under NODE_ENV=test unless turned on)', () => {
  test('are off in the test configuration', () => {
    expect(testConfig().rateLimits).toBeNull();
  });

  test('writes per account, expensive reads per address, and duplicate checks per account get 429 + Retry-After', async () => {
    const limits = { writesPerAddress: 100, writesPerAccount: 3, readsPerAddress: 4, readsPerAccount: 100, duplicateChecksPerAccount: 2 };
    const app = createApp({ db: ctx.db, config: testConfig({ rateLimits: limits }) });
    const vol = await signIn(app, 'volunteer@test.waymark');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await vol.post('/api/organisations', { name: `Rate Limited Org ${i}`, kind: 'other' })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await vol.post('/api/organisations', { name: 'Rate Limited Org 5', kind: 'other' });
    expect(limited.body).toMatchObject(errorShape);
    expect(limited.body.error.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);

    // The duplicate check has its own, smaller budget per account.
    const coord = await signIn(app, 'coordinator@test.waymark');
    const dup = () => coord.post('/api/assets/duplicates', { name: 'Anything', points: [{ lat: 53.72, lng: -1.86 }] });
    expect([(await dup()).status, (await dup()).status, (await dup()).status]).toEqual([200, 200, 429]);

    // Expensive reads per address (cheap ones are not counted).
    const anon = request(app);
    const reads: number[] = [];
    for (let i = 0; i < 5; i++) reads.push((await anon.get('/api/assets')).status);
    expect(reads).toEqual([200, 200, 200, 200, 429]);
    expect((await anon.get('/api/vocabulary')).status).toBe(200);
  });
});

describe('failing fast instead of queueing', () => {
  test('beyond the in-flight bound a request gets 503 + Retry-After at once', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const app = express();
    app.use(admissionLimit(1));
    app.get('/slow', async (_req, res) => {
      await held;
      res.json({ ok: true });
    });
    const server = app.listen(0);
    const agent = request(server);
    const slow = agent.get('/slow').then((r) => r.status);
    await new Promise((r) => setTimeout(r, 50));
    const refused = await agent.get('/slow');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.body).toMatchObject({ error: { code: 'busy' } });
    release();
    expect(await slow).toBe(200);
    expect((await agent.get('/slow')).status).toBe(200);
    server.close();
  });

  test('writes take turns: one at a time here, one waiting, the next refused; reads pass by', async () => {
    const releases: (() => void)[] = [];
    const order: string[] = [];
    const app = express();
    app.use(writeGate({ slots: 1, maxQueue: 1, maxWaitMs: 5000 }));
    app.post('/w/:n', async (req, res) => {
      order.push(`start ${req.params.n}`);
      await new Promise<void>((r) => releases.push(r));
      res.status(201).json({ n: req.params.n });
    });
    app.get('/r', (_req, res) => { res.json({ ok: true }); });
    const server = app.listen(0);
    const agent = request(server);
    const first = agent.post('/w/1').then((r) => r.status);
    await new Promise((r) => setTimeout(r, 50));
    const second = agent.post('/w/2').then((r) => r.status);
    await new Promise((r) => setTimeout(r, 50));
    const third = await agent.post('/w/3');
    expect([third.status, third.headers['retry-after'], third.body.error.code]).toEqual([503, '2', 'busy']);
    expect((await agent.get('/r')).status).toBe(200);
    expect(order).toEqual(['start 1']);
    releases.shift()!();
    expect(await first).toBe(201);
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual(['start 1', 'start 2']);
    releases.shift()!();
    expect(await second).toBe(201);
    server.close();
  });

  test('a write that waits too long for its turn gets 503', async () => {
    let release!: () => void;
    const app = express();
    app.use(writeGate({ slots: 1, maxQueue: 5, maxWaitMs: 100 }));
    app.post('/w', async (_req, res) => {
      await new Promise<void>((r) => (release = r));
      res.status(201).end();
    });
    const server = app.listen(0);
    const agent = request(server);
    const first = agent.post('/w').then((r) => r.status);
    await new Promise((r) => setTimeout(r, 30));
    const waited = await agent.post('/w');
    expect(waited.status).toBe(503);
    release();
    expect(await first).toBe(201);
    server.close();
  });

  test('a connection wait that times out is a 503 with Retry-After, not a 500', async () => {
    const err = Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' });
    const app = express();
    app.get('/x', () => { throw err; });
    app.use(errorMiddleware(translateDbError));
    const res = await request(app).get('/x');
    expect([res.status, res.headers['retry-after'], res.body.error.code]).toEqual([503, '2', 'busy']);
  });
});
