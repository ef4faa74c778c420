import type { Access } from '../../server/http/route';
import type { Role } from '../../server/domain/vocabulary';
import { createTestContext, type TestContext } from '../harness';

/**
 * Who may call what: written out by hand from the product rules, so a route whose
 * declared roles drift from intent fails here, and then every route is called as every
 * role and as nobody to prove the declaration is enforced.
 */
const CAPTURE: Role[] = ['volunteer', 'coordinator', 'admin'];
const REVIEW: Role[] = ['coordinator', 'admin'];
const EXPECTED: Record<string, Access> = {
  'POST /api/auth/login': 'anyone',
  'POST /api/auth/logout': 'signed_in',
  'GET /api/auth/me': 'anyone',
  'GET /api/users': ['admin'],
  'POST /api/users': ['admin'],
  'PATCH /api/users/:id': ['admin'],
  'GET /api/health': 'anyone',
  'GET /api/vocabulary': 'anyone',
  'GET /api/config': 'anyone',
  'GET /api/partnership': 'anyone',
  'GET /api/areas': 'anyone',
  'GET /api/places': 'anyone',
  'GET /api/postcodes/:postcode': 'anyone',
  'GET /api/organisations': 'anyone',
  'GET /api/organisations/:id': 'anyone',
  'POST /api/organisations': CAPTURE,
  'PATCH /api/organisations/:id': REVIEW,
  'POST /api/organisations/:id/archive': REVIEW,
  'POST /api/organisations/:id/restore': REVIEW,
  'GET /api/organisations/:id/history': REVIEW,
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
