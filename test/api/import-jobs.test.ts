import request from 'supertest';
import { createTestContext, type Client, type TestContext } from '../harness';
import { TEST_PASSWORD, TEST_USERS } from '../fixture';
import { failInterruptedJobs, settled } from '../../server/jobs/service';
import { closeWorkers } from '../../server/workers/tasks';

/**
 * Imports as background jobs: POST /api/imports/files with `Prefer: respond-async` (or
 * ?async=true) answers 202 with the job's URL; GET /api/jobs/:id gives its owner (and
 * admins) the state, progress and at the end the report or the error; the write stays
 * all or nothing; jobs a stopped process was running are marked failed at start-up; the
 * health check answers while the database connection is held.
 */
let ctx: TestContext;
let coord: Client;
let send: (url: string, body: string, headers?: Record<string, string>) => request.Test;

beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
  const login = await request(ctx.app).post('/api/auth/login').send({ email: TEST_USERS.find((u) => u.role === 'coordinator')!.email, password: TEST_PASSWORD });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  send = (url, body, headers = {}) => request(ctx.app).post(url).set({ Cookie: cookie, 'X-CSRF-Token': login.body.csrfToken, 'Content-Type': 'text/csv', ...headers }).send(body);
  await coord.put('/api/imports/mappings/job-list', { mapping: { externalId: 'ref', name: 'name', category: 'category', lat: 'lat', lng: 'lng' } });
});
afterAll(async () => {
  await settled();
  await closeWorkers();
  await ctx.close();
});

const csvOf = (rows: string[]) => ['ref,name,category,lat,lng', ...rows].join('\n');
const assetsNamed = async (prefix: string) => Number((await ctx.db.knex('asset').where('name', 'like', `${prefix}%`).count('* as n'))[0].n);

async function finished(url: string, client: Client = coord) {
  await settled();
  const res = await client.get(url);
  expect(res.status).toBe(200);
  return res.body.job;
}

test('Prefer: respond-async answers 202 with the job; the job ends with the report, its progress at the last phase', async () => {
  const rows = Array.from({ length: 40 }, (_, i) => `j${i},Jobbing Walk ${i},social_leisure_arts,${53.6 + i * 0.003},${-1.95 + (i % 5) * 0.01}`);
  const res = await send('/api/imports/files?source=job-list&mode=all_or_nothing', csvOf([...rows, 'bad,X,flying,53.7,-1.8']), { Prefer: 'respond-async' });
  expect(res.status).toBe(202);
  expect(res.headers['preference-applied']).toBe('respond-async');
  expect(res.body.job).toMatchObject({ kind: 'import:file', state: 'queued', url: `/api/jobs/${res.body.job.id}` });
  expect(res.headers.location).toBe(res.body.job.url);

  // All or nothing (asked for): one bad row fails the job with every problem named; nothing is written.
  const failed = await finished(res.body.job.url);
  expect(failed.state).toBe('failed');
  expect(failed.error).toMatchObject({ code: 'invalid_rows', details: [{ field: 'rows.42.category' }, { field: 'rows.42.name' }] });
  expect(await assetsNamed('Jobbing Walk')).toBe(0);

  const ok = await send('/api/imports/files?source=job-list&async=true', csvOf(rows));
  expect(ok.status).toBe(202);
  const job = await finished(ok.body.job.url);
  expect(job).toMatchObject({ state: 'succeeded', error: null, report: { rows: 40, created: 40, updated: 0, skipped: 0, problems: [] } });
  expect(job.progress).toEqual({ phase: 'writing', done: 40, total: 40 });
  expect(job.startedAt).not.toBeNull();
  expect(job.finishedAt).not.toBeNull();
  expect(await assetsNamed('Jobbing Walk')).toBe(40);
});

test('the synchronous JSON answer is unchanged when no job is asked for', async () => {
  const res = await send('/api/imports/files?source=job-list', csvOf(['k1,Kept Waiting Circle,mutual_aid,53.71,-1.88']));
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ rows: 1, created: 1, skipped: 0 });
});

test("a job is its owner's and admins': anyone else is told it does not exist", async () => {
  const res = await send('/api/imports/files?source=job-list&async=true', csvOf(['o1,Owned Import Group,mutual_aid,53.72,-1.87']));
  await settled();
  const url = res.body.job.url;
  expect((await (await ctx.as('commissioner')).get(url)).status).toBe(404);
  expect((await (await ctx.as('volunteer')).get(url)).status).toBe(404);
  expect((await (await ctx.as('anon')).get(url)).status).toBe(401);
  expect((await (await ctx.as('admin')).get(url)).body.job.state).toBe('succeeded');
  expect((await coord.get('/api/jobs/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  expect((await coord.get('/api/jobs/not-a-uuid')).body.error.details[0].field).toBe('params.id');
});

test('at start-up, jobs a stopped process was running are failed; on a server, only those nobody touched lately', async () => {
  const owner = coord.userId!;
  const insert = (id: string, state: string, touchedSecondsAgo: number) =>
    ctx.db.knex('job').insert({ id, kind: 'import:file', owner_id: owner, state, updated_at: ctx.db.knex.raw(`now() - make_interval(secs => ?)`, [touchedSecondsAgo]) });
  await insert('10000000-0000-4000-8000-000000000001', 'running', 600);
  await insert('10000000-0000-4000-8000-000000000002', 'queued', 5);
  await insert('10000000-0000-4000-8000-000000000003', 'succeeded', 600);
  expect(await failInterruptedJobs(ctx.db.knex, 120_000)).toBe(1);
  const stateOf = async (n: number) => (await ctx.db.knex('job').where({ id: `10000000-0000-4000-8000-00000000000${n}` }).first('state', 'error'));
  expect(await stateOf(1)).toMatchObject({ state: 'failed', error: { code: 'interrupted' } });
  expect((await stateOf(2)).state).toBe('queued');
  expect(await failInterruptedJobs(ctx.db.knex, 0)).toBe(1);
  expect((await stateOf(2)).state).toBe('failed');
  expect((await stateOf(3)).state).toBe('succeeded');
});

test('health answers "busy" rather than waiting while every database connection is held, and "ok" after', async () => {
  const pool = (ctx.db.knex.client as { pool: { max: number } }).pool;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => { release = resolve; });
  // Every connection held by a transaction; the first also keeps the engine itself at work
  // (on the embedded engine the probe runs between a transaction's statements, so only a
  // statement under way can keep it waiting).
  const holders = Array.from({ length: pool.max }, (_, i) => ctx.db.knex.transaction(async (trx) => {
    await trx.raw('select 1');
    if (i === 0) await trx.raw('select pg_sleep(1)');
    await gate;
  }));
  // Every connection taken before asking.
  while ((ctx.db.knex.client as { pool: { numUsed(): number } }).pool.numUsed() < pool.max) await new Promise((r) => setTimeout(r, 10));
  const busy = await request(ctx.app).get('/api/health');
  expect(busy.status).toBe(200);
  expect(busy.body).toEqual({ ok: true, database: 'busy' });
  // The embedded engine, once that statement is done: a transaction still holds knex's one
  // connection (as an import's does from start to end), and health's probe is answered between its statements.
  if (!process.env.TEST_DATABASE_URL) {
    let answer = busy.body;
    for (let tries = 0; answer.database === 'busy' && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      answer = (await request(ctx.app).get('/api/health')).body;
    }
    expect(answer).toEqual({ ok: true, database: 'ok' });
    expect((ctx.db.knex.client as { pool: { numUsed(): number } }).pool.numUsed()).toBe(1);
  }
  release();
  await Promise.all(holders);
  expect((await request(ctx.app).get('/api/health')).body).toEqual({ ok: true, database: 'ok' });
});
