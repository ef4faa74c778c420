import request from 'supertest';
import { settled } from '../../server/jobs/service';
import { createTestContext, signIn, type Client, type TestContext } from '../harness';
import { TEST_PASSWORD, TEST_USERS } from '../fixture';
import { makeLinkageAssets, STRATIFIED_DESIGN } from '../linkage-fixture';
import { rawUploader } from '../interop/raw-upload';

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
  // Writes that follow an answer (a snapshot after a close) land in the window of the request that caused them.
  await settled();
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
  const rejected = await audited('POST /api/organisations/:id/reject', () => coord.post(`/api/organisations/${id}/reject`, { reason: 'Not a recovery organisation' }));
  expect([rejected.entries[0].before.status, rejected.entries[0].after.status, rejected.entries[0].actor_id]).toEqual(['pending', 'rejected', coord.userId]);
  const published = await audited('POST /api/organisations/:id/publish', () => coord.post(`/api/organisations/${id}/publish`));
  expect([published.entries[0].before.status, published.entries[0].after.status]).toEqual(['rejected', 'published']);
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

test('linkage campaign writes: design, draw, assignment, attempts, close, publish', async () => {
  const researcher = await ctx.as('researcher');
  await makeLinkageAssets(coord);
  const tables = (entries: { table_name: string; action: string; actor_id: string }[]) => [...new Set(entries.map((e) => `${e.table_name}:${e.action}:${e.actor_id}`))];
  const made = await audited('POST /api/campaigns', () => researcher.post('/api/campaigns', { name: 'Audit campaign', approach: 'disclosed', design: STRATIFIED_DESIGN }), 201);
  const id = made.res.body.id;
  expect(tables(made.entries)).toEqual([`campaign:insert:${researcher.userId}`]);
  const patched = await audited('PATCH /api/campaigns/:id', () => researcher.patch(`/api/campaigns/${id}`, { rubric: { maxAttempts: 2 } }));
  expect([patched.entries[0].before.rubric.maxAttempts, patched.entries[0].after.rubric.maxAttempts]).toEqual([3, 2]);
  const drawn = await audited('POST /api/campaigns/:id/draw', () => researcher.post(`/api/campaigns/${id}/draw`, { seed: 9 }));
  expect(tables(drawn.entries)).toEqual([`campaign_frame:insert:${researcher.userId}`, `campaign_pair:insert:${researcher.userId}`, `campaign:update:${researcher.userId}`]);
  expect(drawn.entries.filter((e) => e.table_name === 'campaign_pair')).toHaveLength(7);
  const assigned = await audited('POST /api/campaigns/:id/assignments', () => researcher.post(`/api/campaigns/${id}/assignments`, { callerId: vol.userId, count: 2 }));
  expect(tables(assigned.entries)).toEqual([`campaign_assignment:insert:${researcher.userId}`]);
  const pairId = assigned.res.body.pairIds[0];
  const attempt = await audited('POST /api/campaign-pairs/:id/attempts', () => vol.post(`/api/campaign-pairs/${pairId}/attempts`, { attemptedAt: new Date().toISOString(), mode: 'phone', result: 'answered', outcome: 2, note: 'Gave the number' }), 201);
  expect(tables(attempt.entries)).toEqual([`campaign_attempt:insert:${vol.userId}`, `campaign_pair:update:${vol.userId}`]);
  expect([attempt.entries[1].before.status, attempt.entries[1].after.status]).toEqual(['open', 'reached']);
  // Pair 1 is in the default double-coded share (⌈10% × 7⌉ = 1 pair).
  const second = await audited('POST /api/campaign-pairs/:id/second-coding', () => researcher.post(`/api/campaign-pairs/${pairId}/second-coding`, { outcome: 2, gaveContact: true, gaveReferral: false }), 201);
  expect(tables(second.entries)).toEqual([`campaign_second_coding:insert:${researcher.userId}`]);
  const assetId = (await researcher.get(`/api/campaigns/${id}/pairs?limit=1`)).body.items[0].a.assetId;
  const agreed = await audited('POST /api/linkage/service-agreements', () => coord.post('/api/linkage/service-agreements', { assetId, agreed: true }));
  expect(tables(agreed.entries)).toEqual([`service_publication_agreement:insert:${coord.userId}`]);
  const closed = await audited('POST /api/campaigns/:id/close', () => researcher.post(`/api/campaigns/${id}/close`, {}));
  expect([closed.entries[0].before.status, closed.entries[0].after.status]).toEqual(['in_progress', 'closed']);
  const published = await audited('POST /api/campaigns/:id/publish', () => researcher.post(`/api/campaigns/${id}/publish`, {}));
  expect([published.entries[0].before.published, published.entries[0].after.published]).toEqual([false, true]);
  const unpublished = await audited('POST /api/campaigns/:id/unpublish', () => researcher.post(`/api/campaigns/${id}/unpublish`, {}));
  expect(tables(unpublished.entries)).toEqual([`campaign:update:${researcher.userId}`]);
  // A refused write leaves nothing.
  const refused = await lastAuditId();
  expect((await vol.post(`/api/campaign-pairs/${pairId}/attempts`, { attemptedAt: new Date().toISOString(), mode: 'phone', result: 'no_answer' })).status).toBe(409);
  expect(await entriesSince(refused)).toEqual([]);
});

test('an area import is recorded against the admin (the area rows are reference data)', async () => {
  const feature = { type: 'Feature', properties: { LSOA11CD: 'E01099999', LSOA11NM: 'Audit 001A' }, geometry: { type: 'Polygon', coordinates: [[[-1.9, 53.7], [-1.89, 53.7], [-1.89, 53.71], [-1.9, 53.7]]] } };
  const file = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [feature] }));
  const login = await request(ctx.app).post('/api/auth/login').send({ email: TEST_USERS.find((u) => u.role === 'admin')!.email, password: TEST_PASSWORD });
  const cookie = String(login.headers['set-cookie']).split(';')[0];
  const { entries } = await audited('POST /api/areas/import', () =>
    request(ctx.app).post('/api/areas/import').set('Cookie', cookie).set('X-CSRF-Token', login.body.csrfToken).attach('boundaries', file, 'one.geojson'));
  expect(entries.filter((e) => e.table_name === 'area_import').map((e) => [e.action, e.actor_id, e.after.area_count])).toEqual([['insert', admin.userId, 1]]);
});

test('a gap what-if writes nothing (its hypothetical assets are never saved)', async () => {
  const { entries } = await audited('POST /api/gaps/what-if', () => coord.post('/api/gaps/what-if', { category: 'housing', cells: 'hex', cellSize: 2000, assets: [{ lat: 53.72, lng: -1.86 }] }));
  expect(entries).toEqual([]);
});

// New records of every import are written together (interop/shared/bulk-create.ts): sites first, then assets, links and refs.
test('imports: a Meeting Guide feed is written under the importer, in bulk', async () => {
  const feed = [{ slug: 'audit-1', name: 'Audit Meeting', day: 2, time: '18:00', latitude: 53.71, longitude: -1.85, location: 'Audit Hall' }];
  const { entries } = await audited('POST /api/imports/meeting-guide', () => coord.post('/api/imports/meeting-guide?source=audit-feed', feed));
  expect(entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([
    ['site', 'insert', coord.userId],
    ['asset', 'insert', coord.userId],
    ['asset_site', 'insert', coord.userId],
    ['external_ref', 'insert', coord.userId],
  ]);
  expect(entries[3].after).toMatchObject({ source_kind: 'meeting_guide', source_key: 'audit-feed', external_id: 'audit-1' });
});

test('file imports: the mapping and the rows are written under the importer; a preview writes nothing', async () => {
  const saved = await audited('PUT /api/imports/mappings/:source', () => coord.put('/api/imports/mappings/audit-csv', { mapping: { name: 'name', category: 'category', lat: 'lat', lng: 'lng' } }));
  expect(saved.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['import_mapping', 'insert', coord.userId]]);
  const upload = await rawUploader(ctx.app, 'coordinator');
  const csv = 'name,category,lat,lng\nAudit Book Club,social_leisure_arts,53.735,-1.815\n';
  const preview = await audited('POST /api/imports/files/preview', () => upload('/api/imports/files/preview?source=audit-csv', csv));
  expect(preview.entries).toEqual([]);
  const { entries } = await audited('POST /api/imports/files', () => upload('/api/imports/files?source=audit-csv', csv));
  expect(entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([
    ['site', 'insert', coord.userId],
    ['asset', 'insert', coord.userId],
    ['asset_site', 'insert', coord.userId],
    // No reference column: the row is known by what it says, so a re-import writes nothing.
    ['external_ref', 'insert', coord.userId],
  ]);
  expect(entries[1].after).toMatchObject({ name: 'Audit Book Club', status: 'pending' });
});

test('imports: HSDS records are written under the importer, assured_date included', async () => {
  const service = { id: '0c0ffee0-0000-4000-8000-000000000001', name: 'Audit HSDS Service', status: 'active', assured_date: '2026-01-02',
    service_at_locations: [{ id: '0c0ffee0-0000-4000-8000-000000000002', location: { id: '0c0ffee0-0000-4000-8000-000000000003', location_type: 'physical', latitude: 53.72, longitude: -1.83 } }] };
  const { entries } = await audited('POST /api/imports/hsds', () => coord.post('/api/imports/hsds?source=audit-hsds', [service]));
  expect(entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([
    ['site', 'insert', coord.userId],
    ['asset', 'insert', coord.userId],
    ['asset_site', 'insert', coord.userId],
    ['external_ref', 'insert', coord.userId],
    ['asset', 'update', coord.userId],
  ]);
  expect(entries[4].after.last_verified_at).toMatch(/^2026-01-02/);
});

test('LERO verification and participation reviews: every write under its actor, entries only ever inserted', async () => {
  const org = await coord.post('/api/organisations', { name: 'Audit Recovery Collective', kind: 'lero' });
  const verified = await audited('POST /api/leros/:id/verify', () => coord.post(`/api/leros/${org.body.id}/verify`));
  expect(verified.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['organisation_verification', 'insert', coord.userId]]);
  expect(verified.entries[0].after).toMatchObject({ organisation_id: org.body.id, verified_by: coord.userId });

  const asset = await coord.post('/api/assets', { name: 'Audit Peer Group', category: 'lero_peer_support', sites: [{ lat: 53.72, lng: -1.86 }] });
  const round = await audited('POST /api/participation/rounds', () => coord.post('/api/participation/rounds', {
    title: 'Audit review', reviewDate: '2026-12-01', serviceIds: [asset.body.asset.id], perspectives: ['people_in_treatment'],
  }), 201);
  expect(round.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['participation_round', 'insert', coord.userId], ['participation_round_service', 'insert', coord.userId]]);
  const entry = await audited('POST /api/participation/rounds/:id/entries', () => vol.post(`/api/participation/rounds/${round.res.body.id}/entries`, {
    perspective: 'people_in_treatment', assetId: asset.body.asset.id, level: 'information', reason: 'Told about changes after they happen',
  }), 201);
  expect(entry.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['participation_entry', 'insert', vol.userId]]);
  expect(entry.entries[0].after).toMatchObject({ level: 'information', on_behalf: true });
});

test('accounts without a terminal: invite, reset link and spending a link are audited (issue 20)', async () => {
  const invited = await audited('POST /api/users/invites', () => admin.post('/api/users/invites', { email: 'audit.invite@test.waymark', displayName: 'Audit Invite', role: 'volunteer' }), 201);
  expect(invited.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['app_user', 'insert', admin.userId], ['account_invite', 'insert', admin.userId]]);
  const userId = invited.res.body.user.id;
  const reset = await audited('POST /api/users/:id/reset-link', () => admin.post(`/api/users/${userId}/reset-link`), 201);
  expect(reset.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['account_invite', 'delete', admin.userId], ['account_invite', 'insert', admin.userId]]);
  const token = String(reset.res.body.path).split('#token=')[1];
  const spent = await audited('POST /api/auth/set-password', () => request(ctx.app).post('/api/auth/set-password').send({ token, password: 'audit-invite-password' }));
  expect(spent.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['app_user', 'update', userId], ['account_invite', 'update', userId]]);
});

test('personal access tokens: creating and revoking are audited under their owner, the token itself never stored', async () => {
  const created = await audited('POST /api/auth/tokens', () => coord.post('/api/auth/tokens', { name: 'QGIS at the office' }), 201);
  expect(created.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['access_token', 'insert', coord.userId]]);
  expect(JSON.stringify(created.entries)).not.toContain(created.res.body.token);
  const revoked = await audited('DELETE /api/auth/tokens/:id', () => coord.delete(`/api/auth/tokens/${created.res.body.id}`));
  expect(revoked.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['access_token', 'update', coord.userId]]);
  expect(revoked.entries[0].before.revoked_at).toBeNull();
  expect(revoked.entries[0].after.revoked_at).not.toBeNull();
});

test('a dashboard snapshot on demand is one audited insert under its taker', async () => {
  const taken = await audited('POST /api/dashboard/snapshots', () => coord.post('/api/dashboard/snapshots', {}), 201);
  expect(taken.entries.map((e) => [e.table_name, e.action, e.actor_id])).toEqual([['dashboard_snapshot', 'insert', coord.userId]]);
});

test('the duplicate check writes nothing; every other write route was exercised above', async () => {
  const { entries } = await audited('POST /api/assets/duplicates', () => vol.post('/api/assets/duplicates', { name: 'Anything', points: [{ lat: 53.7, lng: -1.8 }] }));
  expect(entries).toEqual([]);
  const writeRoutes = ctx.app.routeTable.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
  expect(writeRoutes.filter((r) => !covered.has(r))).toEqual([]);
});
