import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { RegisteredRoute } from '../../server/http/route';
import type { Role } from '../../server/domain/vocabulary';
import { createTestContext, type TestContext } from '../harness';
import { TEST_PASSWORD, TEST_USERS } from '../fixture';
import { settled } from '../../server/jobs/service';
import { closeWorkers } from '../../server/workers/tasks';
import { largestRequest, type Extreme } from '../sweep/largest';

/**
 * The standing stall check (issue 22, item 4): every registered route a signed-in role may
 * call is sent the largest request its schemas allow (test/sweep/largest.ts: longest
 * strings, largest arrays, numbers at each end of their range; file imports a CSV of
 * CSV_ROWS rows), as a role that may call it, while /api/health is asked every 100 ms.
 * Health must answer (200) within HEALTH_BUDGET_MS every time, and the route must answer
 * (any status) within ROUTE_BUDGET_MS. Routes come from app.routeTable, so routes added
 * later are checked too.
 */
const HEALTH_BUDGET_MS = 1_000;
const ROUTE_BUDGET_MS = 30_000;
const CSV_ROWS = 2_000;

/**
 * Routes known to stall today, each with the issue item whose fix (by another change)
 * removes it. The lead empties this list as those changes land: the test then holds
 * them too. Keep the reason next to each.
 */
const ENGINE = process.env.TEST_DATABASE_URL ? 'server' : 'embedded';
const KNOWN_STALLS_BY_ENGINE: Record<string, { engines: string[]; why: string }> = {
  // Issue 22 (the duplicate rule, helper "dup"): 2,000 similar names in one district are
  // ~370,000 candidate pairs, each scored in SQL (50 s of statements on the embedded
  // engine, whose statements run on the event loop's thread); fewer candidate pairs end it.
  'POST /api/imports/files': { engines: ['embedded'], why: 'issue 22: duplicate pair search over similar names' },
};
const KNOWN_STALLS = Object.fromEntries(Object.entries(KNOWN_STALLS_BY_ENGINE).filter(([, k]) => k.engines.includes(ENGINE)));

let ctx: TestContext;
let server: Server;
let base: string;
const sessions = new Map<Role, { cookie: string; csrf: string }>();
const ids: Record<string, string> = { source: 'stall', postcode: 'HX1 1AA', file: 'datapackage.json' };

async function signIn(role: Role) {
  const u = TEST_USERS.find((t) => t.role === role)!;
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: u.email, password: TEST_PASSWORD }) });
  if (res.status !== 200) throw new Error(`sign-in as ${role}: ${res.status}`);
  sessions.set(role, { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: (await res.json()).csrfToken });
}

const headersFor = (role: Role, contentType?: string): Record<string, string> => {
  const s = sessions.get(role)!;
  return { Cookie: s.cookie, 'X-CSRF-Token': s.csrf, ...(contentType ? { 'Content-Type': contentType } : {}) };
};

const saveStallMapping = async () => {
  const res = await fetch(`${base}/api/imports/mappings/stall`, {
    method: 'PUT', headers: headersFor('coordinator', 'application/json'),
    body: JSON.stringify({ mapping: { externalId: 'ref', name: 'name', category: 'category', lat: 'lat', lng: 'lng' } }),
  });
  if (res.status !== 200) throw new Error(`mapping: ${res.status}`);
};

beforeAll(async () => {
  ctx = await createTestContext({ rateLimits: null, maxInFlight: 1_000 });
  server = ctx.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const u of TEST_USERS) await signIn(u.role as Role);
  const made = await (await fetch(`${base}/api/assets`, {
    method: 'POST', headers: headersFor('coordinator', 'application/json'),
    body: JSON.stringify({ name: 'Stall Check Target', category: 'advice', sites: [{ lat: 53.72, lng: -1.86 }] }),
  })).json();
  ids.id = made.asset.id;
  await saveStallMapping();
}, 120_000);
afterAll(async () => {
  await settled();
  await closeWorkers();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await ctx?.close();
});

/** Who sends it: a role the route admits (a coordinator for routes open to anyone signed in or not). */
const roleFor = (route: RegisteredRoute): Role => (route.access === 'anyone' || route.access === 'signed_in' ? 'coordinator' : route.access[0]);

/** /api/health every 100 ms, one at a time, until stopped: the slow or failed answers. */
function watchHealth() {
  const slow: string[] = [];
  let asked = 0;
  let stop = false;
  const done = (async () => {
    while (!stop) {
      const t0 = performance.now();
      const status = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(ROUTE_BUDGET_MS * 2) }).then(async (r) => { await r.arrayBuffer(); return r.status; }, () => 0);
      const ms = performance.now() - t0;
      asked++;
      if (status !== 200 || ms > HEALTH_BUDGET_MS) slow.push(`health ${status || 'no answer'} after ${ms.toFixed(0)} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return async () => {
    stop = true;
    await done;
    return { asked, slow };
  };
}

test('every route, sent the largest request its schemas allow, answers in its budget while /api/health keeps answering', async () => {
  // Signing out ends the session the rest use: those go last.
  const routes = [...ctx.app.routeTable].sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
  expect(routes.length).toBeGreaterThan(20);
  const failures: string[] = [];
  const stillStalling = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    for (const end of ['high', 'low'] as Extreme[]) {
      const role = roleFor(route);
      const req = largestRequest(route, end, ids, CSV_ROWS);
      // A file import's cost is its file: one import per route is enough.
      if (end === 'low' && req.contentType === 'text/csv') continue;
      if (route.path.endsWith('/imports/files')) await saveStallMapping();
      const stopWatching = watchHealth();
      const t0 = performance.now();
      const status = await fetch(`${base}${req.path}${req.query ? `?${req.query}` : ''}`, {
        method: req.method, headers: headersFor(role, req.contentType), body: req.body, signal: AbortSignal.timeout(ROUTE_BUDGET_MS),
      }).then(async (r) => { await r.arrayBuffer(); return r.status; }, (err: Error) => `no answer (${err.name})`);
      const ms = performance.now() - t0;
      // A route that started a job (an import asked for as one) is not done until the job
      // is: health is watched, and the budget counts, until then.
      await settled();
      const jobMs = performance.now() - t0;
      const health = await stopWatching();
      const problems = [
        ...(typeof status === 'string' ? [`${status} within ${ROUTE_BUDGET_MS} ms`] : []),
        ...(jobMs >= ROUTE_BUDGET_MS ? [`its job took ${jobMs.toFixed(0)} ms`] : []),
        ...health.slow.slice(0, 3).map((s) => `${s} (of ${health.asked} asked)`),
      ];
      if (problems.length) {
        if (KNOWN_STALLS[key]) stillStalling.add(key);
        else failures.push(`${key} as ${role} (${req.what}) → ${status} in ${ms.toFixed(0)} ms: ${problems.join('; ')}`);
      }
      // A route that ends the session (sign out, password change): sign in again for the rest.
      if (status === 401 || route.path.endsWith('/logout') || route.path.includes('password')) await signIn(role);
    }
  }
  if (failures.length) console.error(`Stall check failed:\n${failures.join('\n')}`);
  expect(failures).toEqual([]);
  // A known stall that did not stall this time is named, so the list can be emptied once it
  // stays that way (the import's is close to the budget on a shared machine, so not a failure).
  const recovered = Object.keys(KNOWN_STALLS).filter((k) => !stillStalling.has(k));
  if (recovered.length) console.warn(`Known stalls that did not stall on the ${ENGINE} engine this run: ${recovered.join(', ')}`);
}, 600_000);
