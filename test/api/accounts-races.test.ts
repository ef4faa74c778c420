import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../../server/app';
import * as passwords from '../../server/auth/password';
import { LOGIN_LIMITS } from '../../server/auth/service';
import { createTestContext, signIn, testConfig, type TestContext } from '../harness';
import { TEST_PASSWORD } from '../fixture';

/** Issue 5, items 7 and 8: login throttling under parallel attempts; the last admin. */
let ctx: TestContext;
let server: Server;
let base: string;
beforeAll(async () => {
  ctx = await createTestContext();
  // Trust one proxy so each test can speak from its own address.
  const app = createApp({ db: ctx.db, config: testConfig({ trustProxy: 1 }) });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await ctx.close();
});

const login = (email: string, password: string, from: string) =>
  fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from },
    body: JSON.stringify({ email, password }),
  }).then(async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after'), body: await r.json() }));

async function countingEvaluations<T>(work: () => Promise<T>): Promise<{ result: T; evaluations: number }> {
  const spy = jest.spyOn(passwords, 'verifyPassword');
  try {
    const result = await work();
    return { result, evaluations: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

test(`40 parallel wrong passwords on one account evaluate at most ${LOGIN_LIMITS.perEmail} passwords`, async () => {
  const { result, evaluations } = await countingEvaluations(() =>
    Promise.all(Array.from({ length: 40 }, (_, i) => login('researcher@test.waymark', `wrong-${i}`, '10.7.0.1'))),
  );
  expect(evaluations).toBeLessThanOrEqual(LOGIN_LIMITS.perEmail);
  const statuses = result.map((r) => r.status);
  expect(statuses.filter((s) => s === 401)).toHaveLength(evaluations);
  expect(statuses.filter((s) => s === 429)).toHaveLength(40 - evaluations);
  for (const r of result.filter((x) => x.status === 429)) {
    expect(Number(r.retryAfter)).toBeGreaterThan(0);
    expect(r.body.error.code).toBe('too_many_attempts');
  }
  // The account stays throttled even for the right password, from anywhere.
  expect((await login('researcher@test.waymark', TEST_PASSWORD, '10.7.0.99')).status).toBe(429);
});

test(`200 parallel attempts from one address evaluate at most ${LOGIN_LIMITS.perIp} passwords`, async () => {
  const { result, evaluations } = await countingEvaluations(() =>
    Promise.all(Array.from({ length: 200 }, (_, i) => login(`guess-${i}@test.waymark`, 'not-a-password', '10.7.0.2'))),
  );
  expect(evaluations).toBeLessThanOrEqual(LOGIN_LIMITS.perIp);
  expect(result.filter((r) => r.status === 401)).toHaveLength(evaluations);
  expect(result.filter((r) => r.status === 429)).toHaveLength(200 - evaluations);
  // Another address is unaffected.
  expect((await login('commissioner@test.waymark', TEST_PASSWORD, '10.7.0.3')).status).toBe(200);
});

test('a successful sign-in is recorded as a success, not a failure', async () => {
  expect((await login('coordinator@test.waymark', TEST_PASSWORD, '10.7.0.4')).status).toBe(200);
  const rows = await ctx.db.knex('login_attempt').where({ ip: '10.7.0.4' }).select('succeeded');
  expect(rows).toEqual([{ succeeded: true }]);
});

describe('item 8: the last active admin', () => {
  test('cannot demote or deactivate themself: 409 saying why', async () => {
    const admin = await ctx.as('admin');
    const demote = await admin.patch(`/api/users/${admin.userId}`, { role: 'coordinator' });
    expect(demote.status).toBe(409);
    expect(demote.body.error).toMatchObject({ code: 'conflict', details: [{ field: 'role' }] });
    expect(demote.body.error.message).toMatch(/last active admin/);
    const deactivate = await admin.patch(`/api/users/${admin.userId}`, { active: false });
    expect(deactivate.status).toBe(409);
    expect(deactivate.body.error.details[0].field).toBe('active');
    // Renaming or a new password is still fine.
    expect((await admin.patch(`/api/users/${admin.userId}`, { displayName: 'Ada A. Admin' })).status).toBe(200);
    expect((await ctx.db.knex('app_user').where({ id: admin.userId }).first()).role).toBe('admin');
  });

  test('two admins demoting each other at once leave one admin', async () => {
    const admin = await ctx.as('admin');
    const second = await admin.post('/api/users', { email: 'second.admin@test.waymark', displayName: 'Second Admin', role: 'admin', password: 'second-admin-password' });
    expect(second.status).toBe(201);
    const other = await signIn(ctx.app, 'second.admin@test.waymark', 'second-admin-password');
    const [a, b] = await Promise.all([
      admin.patch(`/api/users/${other.userId}`, { role: 'coordinator' }),
      other.patch(`/api/users/${admin.userId}`, { active: false }),
    ]);
    // Whichever ran second found nobody else left (its caller may already have lost admin rights: 401/403).
    expect([a.status, b.status].filter((s) => s === 200)).toHaveLength(1);
    expect([a.status, b.status].every((s) => [200, 401, 403, 409].includes(s))).toBe(true);
    const admins = await ctx.db.knex('app_user').where({ role: 'admin', active: true }).count('* as n').first();
    expect(Number(admins!.n)).toBe(1);
  });

  test('with another active admin, demotion works', async () => {
    const survivor = await ctx.db.knex('app_user').where({ role: 'admin', active: true }).first();
    const password = survivor.email === 'admin@test.waymark' ? TEST_PASSWORD : 'second-admin-password';
    const admin = await signIn(ctx.app, survivor.email, password);
    const third = await admin.post('/api/users', { email: 'third.admin@test.waymark', displayName: 'Third Admin', role: 'admin', password: 'third-admin-password' });
    expect((await admin.patch(`/api/users/${third.body.id}`, { role: 'researcher' })).status).toBe(200);
  });
});
