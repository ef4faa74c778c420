import request from 'supertest';
import { createTestContext, signIn, type Client, type TestContext } from '../harness';
import { TEST_PASSWORD } from '../fixture';

/**
 * Issue 20, accounts without a terminal: invite with a one-time set-password link, reset
 * links, and the audit trail each leaves. (Who may call them: test/api/role-matrix.test.ts;
 * the last-admin rule: test/api/accounts-races.test.ts.)
 */
let ctx: TestContext;
let admin: Client;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await ctx.as('admin');
});
afterAll(async () => { await ctx.close(); });

const tokenOf = (path: string) => /^\/set-password\.html#token=([\w-]{43})$/.exec(path)?.[1] ?? '';
const setPassword = (token: string, password: string) => request(ctx.app).post('/api/auth/set-password').send({ token, password });
const login = (email: string, password: string) => request(ctx.app).post('/api/auth/login').send({ email, password });
const auditSince = async (id: number) => ctx.db.knex('audit_log').where('id', '>', id).orderBy('id').select('table_name', 'action', 'actor_id', 'before', 'after');
const lastAuditId = async () => Number((await ctx.db.knex('audit_log').max('id as m'))[0].m ?? 0);

test('an invite makes the account and a one-time link; the link sets the password once', async () => {
  const mark = await lastAuditId();
  const res = await admin.post('/api/users/invites', { email: 'New.Helper@Test.Waymark', displayName: 'New Helper', role: 'volunteer' });
  expect(res.status).toBe(201);
  expect(res.body.user).toMatchObject({ email: 'new.helper@test.waymark', role: 'volunteer', active: true, lastLoginAt: null });
  expect(res.body.user).not.toHaveProperty('passwordHash');
  expect(res.body.link.purpose).toBe('invite');
  const token = tokenOf(res.body.link.path);
  expect(token).not.toBe('');
  // Seven days to use it.
  expect(new Date(res.body.link.expiresAt).getTime() - Date.now()).toBeGreaterThan(7 * 24 * 3600_000 - 60_000);
  // Only the token's hash is kept.
  const stored = await ctx.db.knex('account_invite').where({ user_id: res.body.user.id }).first();
  expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/);
  expect(JSON.stringify(stored)).not.toContain(token);
  // Audited under the admin: the account, then the link.
  expect((await auditSince(mark)).map((e) => [e.table_name, e.action, e.actor_id])).toEqual([
    ['app_user', 'insert', admin.userId], ['account_invite', 'insert', admin.userId],
  ]);

  // Listed as waiting for its link.
  const listed = (await admin.get('/api/users')).body.items.find((u: { id: string }) => u.id === res.body.user.id);
  expect(listed.pendingLink).toMatchObject({ purpose: 'invite' });

  expect((await login('new.helper@test.waymark', 'chosen-password-1')).status).toBe(401);
  const spent = await setPassword(token, 'chosen-password-1');
  expect(spent.status).toBe(200);
  expect(spent.body).toEqual({ email: 'new.helper@test.waymark' });
  expect((await login('new.helper@test.waymark', 'chosen-password-1')).status).toBe(200);
  // Once only.
  const again = await setPassword(token, 'another-password-2');
  expect(again.status).toBe(410);
  expect(again.body.error.details).toEqual([{ field: 'token', message: 'is not a live set-password link' }]);
  expect((await admin.get('/api/users')).body.items.find((u: { id: string }) => u.id === res.body.user.id).pendingLink).toBeNull();
});

test('a reset link replaces older links, keeps the old password until used, then ends sessions', async () => {
  const made = await admin.post('/api/users', { email: 'reset.me@test.waymark', displayName: 'Reset Me', role: 'researcher', password: 'original-password' });
  const user = await signIn(ctx.app, 'reset.me@test.waymark', 'original-password');
  const first = await admin.post(`/api/users/${made.body.id}/reset-link`);
  expect(first.status).toBe(201);
  expect(first.body.purpose).toBe('reset');
  const mark = await lastAuditId();
  const second = await admin.post(`/api/users/${made.body.id}/reset-link`);
  // The older unused link is deleted, the new one inserted, both under the admin.
  expect((await auditSince(mark)).map((e) => [e.table_name, e.action, e.actor_id])).toEqual([
    ['account_invite', 'delete', admin.userId], ['account_invite', 'insert', admin.userId],
  ]);
  expect((await setPassword(tokenOf(first.body.path), 'never-works-now')).status).toBe(410);
  expect((await user.get('/api/worklist')).status).toBe(200); // still signed in

  const spendMark = await lastAuditId();
  expect((await setPassword(tokenOf(second.body.path), 'a-new-password-9')).status).toBe(200);
  // The account holder is the actor of their own password change; no hash in the trail.
  const entries = await auditSince(spendMark);
  expect(entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual(expect.arrayContaining([
    ['app_user', 'update', made.body.id], ['account_invite', 'update', made.body.id],
  ]));
  expect(JSON.stringify(entries)).not.toMatch(/scrypt\$/);
  expect((await user.get('/api/worklist')).status).toBe(401);
  expect((await login('reset.me@test.waymark', 'original-password')).status).toBe(401);
  expect((await login('reset.me@test.waymark', 'a-new-password-9')).status).toBe(200);
});

test('links refuse what they should: a deactivated account, a lapsed link, bad input', async () => {
  const made = await admin.post('/api/users/invites', { email: 'leaving@test.waymark', displayName: 'Leaving', role: 'commissioner' });
  expect((await admin.patch(`/api/users/${made.body.user.id}`, { active: false })).status).toBe(200);
  expect((await setPassword(tokenOf(made.body.link.path), 'too-late-password')).status).toBe(410);
  const reset = await admin.post(`/api/users/${made.body.user.id}/reset-link`);
  expect(reset.status).toBe(409);
  expect(reset.body.error.details[0].field).toBe('active');

  const lapsing = await admin.post('/api/users/invites', { email: 'slow@test.waymark', displayName: 'Slow', role: 'volunteer' });
  await ctx.db.knex('account_invite').where({ user_id: lapsing.body.user.id }).update({ expires_at: ctx.db.knex.raw(`now() - interval '1 second'`) });
  expect((await setPassword(tokenOf(lapsing.body.link.path), 'lapsed-password')).status).toBe(410);

  expect((await admin.post('/api/users/invites', { email: 'VOLUNTEER@test.waymark', displayName: 'Dup', role: 'volunteer' })).status).toBe(409);
  const badRole = await admin.post('/api/users/invites', { email: 'x@test.waymark', displayName: 'X', role: 'overlord' });
  expect(badRole.body.error.details[0].field).toBe('role');
  expect((await setPassword('short', 'a-fine-password')).body.error.details[0].field).toBe('token');
  expect((await setPassword('x'.repeat(43), 'short')).body.error.details[0].field).toBe('password');
  expect((await admin.post('/api/users/00000000-0000-4000-8000-00000000abcd/reset-link')).status).toBe(404);
});

test('role changes and deactivation keep the last-admin rule', async () => {
  const demote = await admin.patch(`/api/users/${admin.userId}`, { role: 'coordinator' });
  expect(demote.status).toBe(409);
  expect(demote.body.error.message).toMatch(/last active admin/);
  expect((await login('admin@test.waymark', TEST_PASSWORD)).status).toBe(200);
});
