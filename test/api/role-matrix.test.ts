import type { Access } from '../../server/http/route';
import type { Role } from '../../server/domain/vocabulary';
import { createTestContext, signIn, type TestContext } from '../harness';
import { TEST_USERS } from '../fixture';
import { makeLinkageAssets } from '../linkage-fixture';

/**
 * Who may call what: written out by hand from the product rules, so a route whose
 * declared roles drift from intent fails here, and then every route is called as every
 * role and as nobody to prove the declaration is enforced.
 */
const CAPTURE: Role[] = ['volunteer', 'coordinator', 'admin'];
const REVIEW: Role[] = ['coordinator', 'admin'];
const LINKAGE_TEAM: Role[] = ['researcher', 'coordinator', 'admin'];
const CALLERS: Role[] = ['researcher', 'volunteer'];
const GAPS: Role[] = ['commissioner', 'coordinator', 'researcher', 'admin'];
const EXPECTED: Record<string, Access> = {
  'POST /api/auth/login': 'anyone',
  'POST /api/auth/logout': 'signed_in',
  'GET /api/auth/me': 'anyone',
  'POST /api/auth/tokens': 'signed_in',
  'GET /api/auth/tokens': 'signed_in',
  'DELETE /api/auth/tokens/:id': 'signed_in',
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'PATCH /api/users/:id': ['admin'],
  'POST /api/users/invites': ['admin'],
  'POST /api/users/:id/reset-link': ['admin'],
  'POST /api/auth/set-password': 'anyone',
  'GET /api/connect/search': 'anyone',
  'GET /api/health': 'anyone',
  'GET /api/jobs/:id': 'signed_in',
  'GET /api/vocabulary': 'anyone',
  'GET /api/config': 'anyone',
  'GET /api/partnership': 'anyone',
  'GET /api/areas': 'anyone',
  'GET /api/places': 'anyone',
  'GET /api/postcodes/:postcode': 'anyone',
  'GET /api/postcodes-coverage': REVIEW,
  'GET /api/organisations': 'anyone',
  'GET /api/organisations/:id': 'anyone',
  'POST /api/organisations': CAPTURE,
  'PATCH /api/organisations/:id': REVIEW,
  'POST /api/organisations/:id/archive': REVIEW,
  'POST /api/organisations/:id/restore': REVIEW,
  'GET /api/organisations/:id/history': REVIEW,
  'POST /api/organisations/:id/publish': REVIEW,
  'POST /api/organisations/:id/reject': REVIEW,
  'GET /api/assets': 'anyone',
  'POST /api/assets/duplicates': CAPTURE,
  'GET /api/assets/:id': 'anyone',
  'POST /api/assets': CAPTURE,
  'PATCH /api/assets/:id': CAPTURE,
  'POST /api/assets/:id/publish': REVIEW,
  'POST /api/assets/:id/reject': REVIEW,
  'POST /api/assets/:id/verify': REVIEW,
  'POST /api/assets/:id/archive': REVIEW,
  'POST /api/assets/:id/restore': REVIEW,
  'GET /api/assets/:id/history': REVIEW,
  'POST /api/assets/:id/merge': REVIEW,
  'POST /api/review/publish': REVIEW,
  'GET /api/me/assets': CAPTURE,
  'GET /api/review/queue': REVIEW,
  'GET /api/review/stale': REVIEW,
  'GET /api/review/submitters': REVIEW,
  'GET /api/campaigns': 'anyone',
  'POST /api/campaigns': LINKAGE_TEAM,
  'GET /api/campaigns/:id': LINKAGE_TEAM,
  'PATCH /api/campaigns/:id': LINKAGE_TEAM,
  'GET /api/campaigns/:id/frame': LINKAGE_TEAM,
  'POST /api/campaigns/:id/draw': LINKAGE_TEAM,
  'GET /api/campaigns/:id/pairs': LINKAGE_TEAM,
  'POST /api/campaigns/:id/assignments': LINKAGE_TEAM,
  'POST /api/campaigns/:id/close': LINKAGE_TEAM,
  'POST /api/campaigns/:id/publish': LINKAGE_TEAM,
  'POST /api/campaigns/:id/unpublish': LINKAGE_TEAM,
  'GET /api/campaigns/:id/results': 'anyone',
  'GET /api/campaigns/:id/comparison': 'anyone',
  'GET /api/campaigns/:id/export/summary.json': 'anyone',
  'GET /api/campaigns/:id/pathways.geojson': 'anyone',
  'GET /api/campaigns/:id/export/pairs.csv': [...LINKAGE_TEAM, 'commissioner'],
  'GET /api/campaigns/:id/export/attempts.csv': [...LINKAGE_TEAM, 'commissioner'],
  'GET /api/campaigns/:id/export/codebook.csv': [...LINKAGE_TEAM, 'commissioner'],
  'GET /api/linkage/callers': LINKAGE_TEAM,
  'GET /api/linkage/sample-size': LINKAGE_TEAM,
  'GET /api/linkage/comparison-size': LINKAGE_TEAM,
  'GET /api/worklist': CALLERS,
  'POST /api/campaign-pairs/:id/attempts': CALLERS,
  'POST /api/campaign-pairs/:id/second-coding': CALLERS,
  'GET /api/linkage/service-agreements': LINKAGE_TEAM,
  'POST /api/linkage/service-agreements': LINKAGE_TEAM,
  'GET /api/docs/:name': 'anyone',
  'GET /api/gaps/cells': GAPS,
  'GET /api/gaps/cells.csv': GAPS,
  'GET /api/gaps/summary': GAPS,
  'POST /api/gaps/what-if': GAPS,
  'GET /api/gaps/suggestions': GAPS,
  'GET /api/dashboard': GAPS,
  'GET /api/dashboard/snapshots': GAPS,
  'POST /api/dashboard/snapshots': ['commissioner', 'coordinator', 'admin'],
  'GET /api/dashboard/snapshots/:id': GAPS,
  'GET /api/dashboard/trend': GAPS,
  'GET /api/reports/maps/registry.svg': GAPS,
  'GET /api/reports/maps/gaps.svg': GAPS,
  'GET /api/reports/maps/pathways.svg': GAPS,
  'GET /api/reports/cqs.pdf': GAPS,
  'POST /api/areas/import': ['admin'],
  'POST /api/imports/meeting-guide': REVIEW,
  'GET /api/exports/meeting-guide': 'anyone',
  'POST /api/imports/files/preview': REVIEW,
  'GET /api/imports/mappings/:source': REVIEW,
  'PUT /api/imports/mappings/:source': REVIEW,
  'POST /api/imports/files': REVIEW,
  'GET /api/exports/assets.csv': 'anyone',
  'GET /api/exports/assets.geojson': 'anyone',
  'GET /tiles/assets/:z/:x/:y.mvt': 'anyone',
  'GET /api/exports/hsds/:file': 'anyone',
  'POST /api/imports/hsds': REVIEW,
  'GET /api/leros': 'anyone',
  'GET /api/leros.csv': 'anyone',
  'GET /api/leros.geojson': 'anyone',
  'GET /api/leros/:id': 'anyone',
  'POST /api/leros/:id/verify': REVIEW,
  'GET /api/participation/rounds': 'signed_in',
  'POST /api/participation/rounds': REVIEW,
  'GET /api/participation/rounds/:id': 'signed_in',
  'POST /api/participation/rounds/:id/entries': CAPTURE,
  'GET /api/participation/rounds/:id/profile': 'signed_in',
  'GET /openreferral': 'anyone',
  'GET /openreferral/services': 'anyone',
  'GET /openreferral/services/:id': 'anyone',
  'GET /openreferral/service_at_locations': 'anyone',
  'GET /openreferral/service_at_locations/:id': 'anyone',
  'GET /openreferral/taxonomies': 'anyone',
  'GET /openreferral/taxonomies/:id': 'anyone',
  'GET /openreferral/taxonomy_terms': 'anyone',
  'GET /openreferral/taxonomy_terms/:id': 'anyone',
  'GET /openreferral/uk': 'anyone',
  'GET /openreferral/uk/services': 'anyone',
  'GET /openreferral/uk/services/:id': 'anyone',
  'GET /openreferral/uk/service_at_locations': 'anyone',
  'GET /openreferral/uk/service_at_locations/:id': 'anyone',
  'GET /openreferral/uk/taxonomies': 'anyone',
  'GET /openreferral/uk/taxonomies/:id': 'anyone',
  'GET /openreferral/uk/taxonomy_terms': 'anyone',
  'GET /openreferral/uk/taxonomy_terms/:id': 'anyone',
  'GET /openreferral/organizations': 'anyone',
  'GET /openreferral/organizations/:id': 'anyone',
  'GET /ogc': 'anyone',
  'GET /ogc/conformance': 'anyone',
  'GET /ogc/api': 'anyone',
  'GET /ogc/collections': 'anyone',
  'GET /ogc/collections/:collectionId': 'anyone',
  'GET /ogc/collections/:collectionId/items': 'anyone',
  'GET /ogc/collections/:collectionId/items/:featureId': 'anyone',
};

const IDENTITIES = ['anon', 'admin', 'coordinator', 'volunteer', 'commissioner', 'researcher'] as const;

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

test('every route declares exactly the roles the product rules give it', () => {
  const declared = Object.fromEntries(ctx.app.routeTable.map((r) => [key(r), r.access]));
  expect(Object.keys(declared).sort()).toEqual(Object.keys(EXPECTED).sort());
  for (const [route, access] of Object.entries(EXPECTED)) {
    const got = declared[route];
    expect({ route, access: Array.isArray(got) ? [...got].sort() : got }).toEqual({ route, access: Array.isArray(access) ? [...access].sort() : access });
  }
});

test('every route enforces its roles for every role and for anonymous visitors', async () => {
  const samplePath = (path: string) => path.replace(':id', '00000000-0000-4000-8000-00000000abcd').replace(':postcode', 'HX1%201AA');
  // Logout ends the session it is called with, so it goes last.
  const routes = [...ctx.app.routeTable].sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
  const outcomes: string[] = [];
  for (const route of routes) {
    for (const who of IDENTITIES) {
      const client = await ctx.as(who);
      const url = samplePath(route.path);
      const method = route.method.toLowerCase() as 'get' | 'post' | 'patch';
      const res = method === 'get' ? await client.get(url) : await client[method](url, {});
      const allowed = route.access === 'anyone' || (who !== 'anon' && (route.access === 'signed_in' || route.access.includes(who)));
      const expectedDenial = who === 'anon' ? [401, 'unauthenticated'] : [403, 'role_not_allowed'];
      const denied = res.status === expectedDenial[0] && res.body?.error?.code === expectedDenial[1];
      if (allowed === denied || (allowed && res.status === 401)) outcomes.push(`${key(route)} as ${who}: ${res.status} ${res.body?.error?.code ?? ''}`);
    }
  }
  expect(outcomes).toEqual([]);
});

/**
 * One route can hold collections for different readers: the OGC gap-cells collection
 * exists only for those who read gaps (the same roles as /api/gaps); for everyone else it
 * is an unknown collection, in the list, its description, its items and the OpenAPI.
 */
test('OGC gap cells: gap readers only, everyone else sees no such collection', async () => {
  const outcomes: string[] = [];
  for (const who of ['anon', 'admin', 'coordinator', 'volunteer', 'commissioner', 'researcher'] as const) {
    // A fresh session: the matrix above has called logout as every role.
    const c = who === 'anon' ? await ctx.as('anon') : await signIn(ctx.app, TEST_USERS.find((u) => u.role === who)!.email);
    const allowed = who !== 'anon' && GAPS.includes(who);
    const listed = ((await c.get('/ogc/collections')).body.collections as { id: string }[]).some((x) => x.id === 'gap-cells');
    const described = (await c.get('/ogc/collections/gap-cells')).status;
    const items = (await c.get('/ogc/collections/gap-cells/items?limit=1')).status;
    const documented = Object.keys((await c.get('/ogc/api')).body.paths).includes('/collections/gap-cells/items');
    if (listed !== allowed || documented !== allowed || described !== (allowed ? 200 : 404) || items !== (allowed ? 200 : 404)) {
      outcomes.push(`${who}: listed ${listed}, documented ${documented}, described ${described}, items ${items}`);
    }
  }
  expect(outcomes).toEqual([]);
});

/**
 * Interim campaign figures are for the campaign team: while a campaign is in progress the
 * list's outcome counts go to researchers, coordinators and admins only; a volunteer with a
 * pair in it lists it without counts; nobody else lists it. Once closed, commissioners too.
 */
test('campaign counts while in progress: the campaign team only; once closed, commissioners too', async () => {
  const fresh = (who: (typeof IDENTITIES)[number]) => (who === 'anon' ? ctx.as('anon') : signIn(ctx.app, TEST_USERS.find((u) => u.role === who)!.email));
  const [coord, researcher, volunteer] = await Promise.all([fresh('coordinator'), fresh('researcher'), fresh('volunteer')]);
  await makeLinkageAssets(coord);
  const campaign = await researcher.post('/api/campaigns', { name: 'Matrix', approach: 'disclosed', frame: { categories: ['mutual_aid'] }, design: { pairCount: 2 } });
  await researcher.post(`/api/campaigns/${campaign.body.id}/draw`, { seed: 1 });
  await researcher.post(`/api/campaigns/${campaign.body.id}/assignments`, { callerId: volunteer.userId, count: 1 });
  const seen = async (status: string) => {
    const outcomes: string[] = [];
    for (const who of IDENTITIES) {
      const items = (await (await fresh(who)).get('/api/campaigns')).body.items as { id: string; counts: object | null }[];
      const item = items.find((i) => i.id === campaign.body.id);
      outcomes.push(`${status} ${who}: ${item ? (item.counts ? 'counts' : 'listed without counts') : 'not listed'}`);
    }
    return outcomes;
  };
  expect(await seen('in progress')).toEqual([
    'in progress anon: not listed', 'in progress admin: counts', 'in progress coordinator: counts',
    'in progress volunteer: listed without counts', 'in progress commissioner: not listed', 'in progress researcher: counts',
  ]);
  await researcher.post(`/api/campaigns/${campaign.body.id}/close`, {});
  expect(await seen('closed')).toEqual([
    'closed anon: not listed', 'closed admin: counts', 'closed coordinator: counts',
    'closed volunteer: not listed', 'closed commissioner: counts', 'closed researcher: counts',
  ]);
  // Per-service figures (issue 21, item 3): the campaign team only, unless the service agreed.
  await researcher.post(`/api/campaigns/${campaign.body.id}/publish`, {});
  const perService = async () => {
    const outcomes: string[] = [];
    for (const who of IDENTITIES) {
      const r = (await (await fresh(who)).get(`/api/campaigns/${campaign.body.id}/results`)).body as { assets: { assetId: string }[]; network: { degree: unknown[] } };
      const lines = (await (await fresh(who)).get(`/api/campaigns/${campaign.body.id}/pathways.geojson`)).body.features as unknown[];
      outcomes.push(`${who}: ${r.assets.length} services, ${r.network.degree.length} in the network, ${lines.length} pathways`);
    }
    return outcomes;
  };
  // 2 pairs among mutual-aid services: 3 or 4 distinct services, all in the team's view.
  const team = (await researcher.get(`/api/campaigns/${campaign.body.id}/results`)).body.assets.length as number;
  const pairs = (await researcher.get(`/api/campaigns/${campaign.body.id}/pairs`)).body.items as { a: { assetId: string }; b: { assetId: string } }[];
  expect(await perService()).toEqual(IDENTITIES.map((who) => (['admin', 'coordinator', 'researcher'].includes(who) ? `${who}: ${team} services, ${team} in the network, 2 pathways` : `${who}: 0 services, 0 in the network, 0 pathways`)));
  const coord2 = await fresh('coordinator');
  for (const id of [pairs[0].a.assetId, pairs[0].b.assetId]) await coord2.post('/api/linkage/service-agreements', { assetId: id, agreed: true });
  const agreedShown = new Set([pairs[0].a.assetId, pairs[0].b.assetId]).size;
  const outcomes = await perService();
  for (const who of ['anon', 'volunteer', 'commissioner'] as const) expect(outcomes[IDENTITIES.indexOf(who)]).toMatch(new RegExp(`^${who}: ${agreedShown} services, ${agreedShown} in the network, [12] pathways$`));
});
