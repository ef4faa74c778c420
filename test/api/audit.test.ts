import { createTestContext, signIn, type Client, type TestContext } from '../harness';
import { TEST_PASSWORD, TEST_USERS } from '../fixture';

/** Every write route leaves audit entries naming the actor, with before and after. */
let ctx: TestContext;
let coord: Client;
let vol: Client;
let admin: Client;
const covered = new Set<string>();

beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
  vol = await ctx.as('volunteer');
  admin = await ctx.as('admin');
});
afterAll(async () => { await ctx.close(); });

async function entriesSince(id: number) {
  return ctx.db.knex('audit_log').where('id', '>', id).orderBy('id');
}
const lastAuditId = async () => Number((await ctx.db.knex('audit_log').max('id as m'))[0].m ?? 0);

/** Run a write, mark its route covered, and return the audit entries it made. */
async function audited(route: string, run: () => Promise<{ status: number; body: any }>, expectStatus = 200) {
  const mark = await lastAuditId();
  const res = await run();
  expect(res.status).toBe(expectStatus);
  covered.add(route);
  return { res, entries: await entriesSince(mark) };
}

test('asset writes: create, edit, review lifecycle', async () => {
  const created = await audited('POST /api/assets', () => vol.post('/api/assets', { name: 'Audit Walk Group', category: 'social_leisure_arts', sites: [{ lat: 53.72, lng: -1.86 }] }), 201);
  const id = created.res.body.asset.id;
  expect(created.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([
    ['asset', 'insert', vol.userId],
    ['site', 'insert', vol.userId],
    ['asset_site', 'insert', vol.userId],
  ]);
  expect(created.entries[0].after.name).toBe('Audit Walk Group');

  const edited = await audited('PATCH /api/assets/:id', () => vol.patch(`/api/assets/${id}`, { name: 'Audit Walking Group' }));
  expect(edited.entries).toHaveLength(1);
  expect(edited.entries[0]).toMatchObject({ table_name: 'asset', action: 'update', actor_id: vol.userId, row_id: id });
  expect([edited.entries[0].before.name, edited.entries[0].after.name]).toEqual(['Audit Walk Group', 'Audit Walking Group']);

  const steps: [string, string, object, string, string][] = [
    ['reject', 'POST /api/assets/:id/reject', { reason: 'Needs a meeting time' }, 'pending', 'rejected'],
    ['publish', 'POST /api/assets/:id/publish', {}, 'rejected', 'published'],
    ['verify', 'POST /api/assets/:id/verify', {}, 'published', 'published'],
    ['archive', 'POST /api/assets/:id/archive', { reason: 'Group closed' }, 'published', 'archived'],
    ['restore', 'POST /api/assets/:id/restore', {}, 'archived', 'published'],
  ];
  for (const [action, route, body, from, to] of steps) {
    const { entries } = await audited(route, () => coord.post(`/api/assets/${id}/${action}`, body));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ table_name: 'asset', action: 'update', actor_id: coord.userId });
    expect([entries[0].before.status, entries[0].after.status]).toEqual([from, to]);
  }

  const history = await coord.get(`/api/assets/${id}/history`);
  expect(history.body.items.map((e: { tableName: string; action: string }) => `${e.tableName}:${e.action}`)).toEqual([
    'asset:insert', 'site:insert', 'asset_site:insert', 'asset:update', 'asset:update', 'asset:update', 'asset:update', 'asset:update', 'asset:update',
  ]);
  expect(history.body.items[0].actorName).toBe('Vic Volunteer');
});

test('organisation writes', async () => {
  const created = await audited('POST /api/organisations', () => vol.post('/api/organisations', { name: 'Audit LERO', kind: 'lero', leroStage: 'constituted_group' }), 201);
  const id = created.res.body.id;
  expect(created.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['organisation', 'insert', vol.userId]]);
  const edited = await audited('PATCH /api/organisations/:id', () => coord.patch(`/api/organisations/${id}`, { cleroMember: true }));
  expect([edited.entries[0].before.clero_member, edited.entries[0].after.clero_member]).toEqual([null, true]);
  for (const action of ['archive', 'restore']) {
    const { entries } = await audited(`POST /api/organisations/:id/${action}`, () => coord.post(`/api/organisations/${id}/${action}`));
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ table_name: 'organisation', action: 'update', actor_id: coord.userId });
  }
});

test('merging two assets: both rows audited, the merged one pointing at the survivor', async () => {
  const make = async (name: string) => (await coord.post('/api/assets', { name, category: 'advice', publish: true, sites: [{ lat: 53.71, lng: -1.9 }] })).body.asset.id as string;
  const [keep, drop] = [await make('Audit Merge Drop-in'), await make('Audit Merge Drop in')];
  await coord.patch(`/api/assets/${drop}`, { phone: '01422 000 111' });
  const { entries } = await audited('POST /api/assets/:id/merge', () => coord.post(`/api/assets/${drop}/merge`, { survivorId: keep }));
  expect(entries.map((e) => [e.table_name, e.action, e.row_id, e.actor_id])).toEqual([
    ['asset', 'update', keep, coord.userId],
    ['asset', 'update', drop, coord.userId],
  ]);
  expect([entries[0].before.phone, entries[0].after.phone]).toEqual([null, '01422 000 111']);
  expect([entries[1].before.merged_into, entries[1].after.merged_into, entries[1].after.status]).toEqual([null, keep, 'archived']);
});

test('bulk publish: one audited update per record', async () => {
  const make = async (name: string) => (await vol.post('/api/assets', { name, category: 'advice', sites: [{ lat: 53.71, lng: -1.9 }] })).body.asset.id as string;
  const ids = [await make('Audit Bulk One'), await make('Audit Bulk Two')];
  const { entries } = await audited('POST /api/review/publish', () => coord.post('/api/review/publish', { ids }));
  expect(entries.map((e) => [e.table_name, e.action, e.row_id, e.actor_id, e.before.status, e.after.status])).toEqual(
    ids.map((id) => ['asset', 'update', id, coord.userId, 'pending', 'published']),
  );
});

test('account writes never put the password hash in the trail', async () => {
  const created = await audited('POST /api/users', () => admin.post('/api/users', { email: 'new.person@test.waymark', displayName: 'New Person', role: 'researcher', password: 'a-long-enough-password' }), 201);
  expect(created.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['app_user', 'insert', admin.userId]]);
  expect(created.entries[0].after).not.toHaveProperty('password_hash');
  const changed = await audited('PATCH /api/users/:id', () => admin.patch(`/api/users/${created.res.body.id}`, { role: 'commissioner', password: 'another-long-password' }));
  expect([changed.entries[0].before.role, changed.entries[0].after.role]).toEqual(['researcher', 'commissioner']);
  expect(JSON.stringify(changed.entries)).not.toContain('scrypt$');
});

test('sign-in is recorded against the user; sign-out ends only the session', async () => {
  const user = TEST_USERS.find((u) => u.role === 'researcher')!;
  const mark = await lastAuditId();
  const client = await signIn(ctx.app, user.email, TEST_PASSWORD);
  covered.add('POST /api/auth/login');
  const entries = await entriesSince(mark);
  expect(entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['app_user', 'update', client.userId]]);
  expect(entries[0].after.last_login_at).not.toBeNull();
  const out = await audited('POST /api/auth/logout', () => client.post('/api/auth/logout'), 204);
  expect(out.entries).toEqual([]); // sessions are not domain records
});

test('the duplicate check writes nothing; every other write route was exercised above', async () => {
  const { entries } = await audited('POST /api/assets/duplicates', () => vol.post('/api/assets/duplicates', { name: 'Anything', points: [{ lat: 53.7, lng: -1.8 }] }));
  expect(entries).toEqual([]);
  const writeRoutes = ctx.app.routeTable.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  expect(writeRoutes.filter((r) => !covered.has(r))).toEqual([]);
});
