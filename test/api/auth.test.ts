import request from 'supertest';
import { createApp } from '../../server/app';
import { createTestContext, signIn, testConfig, type TestContext } from '../harness';
import { TEST_PASSWORD } from '../fixture';
import { LOGIN_LIMITS } from '../../server/auth/service';
import { hashPassword, verifyPassword } from '../../server/auth/password';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

const login = (email: string, password: string) => request(ctx.app).post('/api/auth/login').send({ email, password });

test('scrypt hashes verify only the right password and carry their parameters', async () => {
  const hash = await hashPassword('horse staple battery');
  expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
  expect(await verifyPassword('horse staple battery', hash)).toBe(true);
  expect(await verifyPassword('horse staple batterY', hash)).toBe(false);
  expect(await hashPassword('horse staple battery')).not.toBe(hash); // salted
});

test('signing in sets an httpOnly, SameSite=Lax session cookie and returns a CSRF token', async () => {
  const res = await login('Coordinator@Test.Waymark ', TEST_PASSWORD);
  expect(res.status).toBe(200);
  const cookie = String(res.headers['set-cookie']);
  expect(cookie).toMatch(/^waymark_session=[\w-]{40,};/);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect(cookie).not.toMatch(/Secure/);
  expect(res.body.user).toMatchObject({ email: 'coordinator@test.waymark', role: 'coordinator' });
  expect(res.body.csrfToken).toEqual(expect.any(String));
});

test('the cookie is Secure when configured for HTTPS', async () => {
  const app = createApp({ db: ctx.db, config: testConfig({ cookieSecure: true }) });
  const res = await request(app).post('/api/auth/login').send({ email: 'admin@test.waymark', password: TEST_PASSWORD });
  expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
});

test('wrong password and unknown email get the same 401', async () => {
  const wrong = await login('admin@test.waymark', 'not-the-password');
  const unknown = await login('nobody@test.waymark', 'not-the-password');
  for (const res of [wrong, unknown]) {
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'invalid_credentials', details: [{ field: 'password', message: 'does not match' }] });
  }
});

test(`after ${LOGIN_LIMITS.perEmail} failures an account is throttled, even with the right password; others are not`, async () => {
  for (let i = 0; i < LOGIN_LIMITS.perEmail; i++) expect((await login('researcher@test.waymark', `guess-${i}`)).status).toBe(401);
  const throttled = await login('researcher@test.waymark', TEST_PASSWORD);
  expect(throttled.status).toBe(429);
  expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  expect(Number(throttled.headers['retry-after'])).toBeLessThanOrEqual(LOGIN_LIMITS.windowMinutes * 60);
  expect((await login('commissioner@test.waymark', TEST_PASSWORD)).status).toBe(200);
});

test('cookie-authenticated writes need the session CSRF token', async () => {
  const res = await login('volunteer@test.waymark', TEST_PASSWORD);
  const cookie = String(res.headers['set-cookie']).split(';')[0];
  const body = { name: 'CSRF Test', kind: 'other' };
  const missing = await request(ctx.app).post('/api/organisations').set('Cookie', cookie).send(body);
  expect(missing.status).toBe(403);
  expect(missing.body.error.code).toBe('csrf_failed');
  const wrong = await request(ctx.app).post('/api/organisations').set('Cookie', cookie).set('X-CSRF-Token', 'x'.repeat(32)).send(body);
  expect(wrong.status).toBe(403);
  const right = await request(ctx.app).post('/api/organisations').set('Cookie', cookie).set('X-CSRF-Token', res.body.csrfToken).send(body);
  expect(right.status).toBe(201);
});

test('signing out ends the session', async () => {
  const client = await signIn(ctx.app, 'admin@test.waymark');
  expect((await client.get('/api/auth/me')).body.user.role).toBe('admin');
  expect((await client.post('/api/auth/logout')).status).toBe(204);
  expect((await client.get('/api/auth/me')).body.user).toBeNull();
  expect((await client.get('/api/users')).status).toBe(401);
});

test('deactivating or re-roling an account ends its sessions at once', async () => {
  const admin = await signIn(ctx.app, 'admin@test.waymark');
  const created = await admin.post('/api/users', { email: 'temp@test.waymark', displayName: 'Temp', role: 'coordinator', password: 'temporary-password' });
  expect(created.status).toBe(201);
  const temp = await signIn(ctx.app, 'temp@test.waymark', 'temporary-password');
  expect((await temp.get('/api/review/queue')).status).toBe(200);
  expect((await admin.patch(`/api/users/${created.body.id}`, { active: false })).status).toBe(200);
  expect((await temp.get('/api/review/queue')).status).toBe(401);
  expect((await login('temp@test.waymark', 'temporary-password')).status).toBe(401);
});

test('account creation validates and refuses duplicate emails', async () => {
  const admin = await signIn(ctx.app, 'admin@test.waymark');
  const short = await admin.post('/api/users', { email: 'x@test.waymark', displayName: 'X', role: 'volunteer', password: 'short' });
  expect(short.status).toBe(400);
  expect(short.body.error.details).toEqual([{ field: 'password', message: 'must be at least 10 characters' }]);
  const dup = await admin.post('/api/users', { email: 'VOLUNTEER@test.waymark', displayName: 'V', role: 'volunteer', password: 'long-enough-pass' });
  expect(dup.status).toBe(409);
  expect(dup.body.error.details[0].field).toBe('email');
});
