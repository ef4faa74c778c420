import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Knex } from 'knex';
import type { RegisteredRoute } from '../../server/http/route';
import { createTestContext, type TestContext } from '../harness';
import { TEST_PASSWORD, TEST_USERS } from '../fixture';
import { settled } from '../../server/jobs/service';
import { largestRequest, type Extreme } from './largest';
import { HOSTILE_BODIES, HOSTILE_PATH_PARAMS, HOSTILE_QUERY, HOSTILE_VALUES, Random, jsonSchemaOf, mutateAt, plausible } from './generate';

/**
 * The standing bad-input test (issue 5, "Done means"): thousands of generated hostile
 * requests over every route in app.routeTable — so routes added later are swept too — as
 * every role. Never a 5xx; every 4xx is JSON in the API's error shape; and after every
 * rejected write the database is as it was. WAYMARK_SWEEP_SEED=<n> replays a run.
 */
const SEED = Number(process.env.WAYMARK_SWEEP_SEED ?? randomInt(1, 2 ** 31));
const TARGET_REQUESTS = Number(process.env.WAYMARK_SWEEP_REQUESTS ?? 5200);
const IDENTITIES = ['anon', 'admin', 'coordinator', 'volunteer', 'commissioner', 'researcher'] as const;
type Identity = (typeof IDENTITIES)[number];

let ctx: TestContext;
let server: Server;
let base: string;
const sessions = new Map<Identity, { cookie: string; csrf: string } | null>();
const realIds: string[] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  server = ctx.app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sessions.set('anon', null);
  for (const u of TEST_USERS) {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: u.email, password: TEST_PASSWORD }) });
    sessions.set(u.role as Identity, { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: (await res.json()).csrfToken });
  }
  // Real records too, so some requests reach the handlers' own checks past "not found".
  const coord = sessions.get('coordinator')!;
  const headers = { 'Content-Type': 'application/json', Cookie: coord.cookie, 'X-CSRF-Token': coord.csrf };
  const asset = await (await fetch(`${base}/api/assets`, { method: 'POST', headers, body: JSON.stringify({ name: 'Sweep Target', category: 'advice', sites: [{ lat: 53.72, lng: -1.86 }] }) })).json();
  const org = await (await fetch(`${base}/api/organisations`, { method: 'POST', headers, body: JSON.stringify({ name: 'Sweep Target Org', kind: 'other' }) })).json();
  realIds.push(asset.asset.id, org.id);
}, 60_000);
afterAll(async () => {
  await settled();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await ctx?.close();
});

type Probe = { method: string; url: string; headers: Record<string, string>; body?: string | Buffer; what: string };

function buildProbe(r: Random, route: RegisteredRoute, who: Identity): Probe {
  const session = sessions.get(who);
  const headers: Record<string, string> = {};
  if (session) {
    headers.Cookie = session.cookie;
    if (route.method !== 'GET') headers['X-CSRF-Token'] = session.csrf;
  }
  const kind = r.pick(['field', 'field', 'field', 'query', 'query', 'path', 'raw-body', 'headers'] as const);
  const params = route.path.match(/:[a-zA-Z]+/g) ?? [];
  let path = route.path;
  for (const p of params) {
    const good = p === ':postcode' ? 'HX1%201AA' : r.chance(0.5) && realIds.length ? r.pick(realIds) : r.uuid();
    path = path.replace(p, kind === 'path' ? r.pick(HOSTILE_PATH_PARAMS) : good);
  }
  let what = `${kind}`;
  // Query: plausible, then (for 'query') one parameter hostile, repeated or unknown.
  const querySchema = jsonSchemaOf(route.schemas.query);
  const query = (querySchema ? plausible(r, querySchema, '', true) : {}) as Record<string, unknown>;
  const pairs = Object.entries(query).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(Array.isArray(v) ? v.join(',') : String(v))}`);
  if (kind === 'query') {
    const names = Object.keys(querySchema?.properties ?? {});
    const name = names.length && r.chance(0.85) ? r.pick(names) : r.pick(['unknown', 'limit', 'q', '__proto__', 'a%00b']);
    const value = r.pick(HOSTILE_QUERY);
    const repeat = r.chance(0.15) ? `&${name}=${r.pick(HOSTILE_QUERY)}` : '';
    pairs.push(`${name}=${value}${repeat}`);
    what += ` ${name}=${value.slice(0, 40)}${repeat.slice(0, 40)}`;
  }
  const url = `${base}${path}${pairs.length ? `?${pairs.join('&')}` : ''}`;
  if (route.method === 'GET') {
    if (kind === 'headers') Object.assign(headers, hostileHeaders(r));
    return { method: 'GET', url, headers, what };
  }
  const bodySchema = jsonSchemaOf(route.schemas.body);
  let body: unknown = bodySchema ? plausible(r, bodySchema) : {};
  headers['Content-Type'] = 'application/json';
  if (kind === 'field') {
    const value = r.pick(HOSTILE_VALUES);
    const mutated = mutateAt(r, body, value);
    body = mutated.body;
    what += ` ${mutated.where}=${JSON.stringify(value)?.slice(0, 40)}`;
  }
  if (kind === 'raw-body') {
    const raw = r.pick(HOSTILE_BODIES);
    headers['Content-Type'] = raw.contentType;
    if (raw.contentEncoding) headers['Content-Encoding'] = raw.contentEncoding;
    return { method: route.method, url, headers, body: raw.body, what: `${what} ${raw.contentType} ${String(raw.body).slice(0, 40)}` };
  }
  if (kind === 'headers') {
    const extra = hostileHeaders(r);
    Object.assign(headers, extra);
    what += ` ${JSON.stringify(extra).slice(0, 60)}`;
  }
  return { method: route.method, url, headers, body: JSON.stringify(body), what };
}

function hostileHeaders(r: Random): Record<string, string> {
  return r.pick<Record<string, string>>([
    { 'X-CSRF-Token': 'é'.repeat(16) },
    { 'X-CSRF-Token': '' },
    { 'X-CSRF-Token': 'x'.repeat(10_000) },
    { Cookie: 'waymark_session=%FF%FE' },
    { Cookie: `waymark_session=${'a'.repeat(4000)}` },
    { Cookie: 'waymark_session=' },
    { 'Content-Type': 'application/json; charset=ebcdic' },
    { 'X-Forwarded-For': '999.1.1.1, ::ffff:zz' },
    { Accept: 'text/html' },
  ]);
}

/** Domain tables' rows, hashed; and the audit log's count and last id (cheap, checked after every rejected write). */
async function fingerprintSql(knex: Knex): Promise<string> {
  const rows: { table_name: string }[] = await knex('information_schema.tables')
    .where({ table_schema: 'public', table_type: 'BASE TABLE' })
    .whereNotIn('table_name', ['knex_migrations', 'knex_migrations_lock', 'spatial_ref_sys', 'user_session', 'login_attempt', 'audit_log'])
    .select('table_name');
  return rows
    .map((r) => knex.raw(`SELECT ? AS t, count(*) AS n, coalesce(sum(hashtext(x::text)::bigint), 0) AS h FROM ?? x`, [r.table_name, r.table_name]).toQuery())
    .join(' UNION ALL ');
}
const auditMark = async (knex: Knex) => JSON.stringify(await knex('audit_log').select(knex.raw('count(*) AS n, max(id) AS m')).first());
const fullMark = async (knex: Knex, sql: string) => JSON.stringify((await knex.raw(`${sql} ORDER BY 1`)).rows);

const safeJson = (text: string): any => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};
const firstSegment = (path: string) => path.split(/[/?#]/)[1] ?? '';

/**
 * 503s the catalogue gives for a part this server may lack by design (a PDF needs Chromium and
 * the built client; CI's embedded run has neither). Such a 503 is the documented answer, in the
 * error shape; any other 5xx is a failure.
 */
const UNAVAILABLE_BY_DESIGN = new Set(['pdf_unavailable']);

function shapeProblem(status: number, contentType: string | null, text: string): string | null {
  if (status === 503 && contentType?.includes('application/json') && UNAVAILABLE_BY_DESIGN.has(safeJson(text)?.error?.code)) return null;
  if (status >= 500) return `status ${status}`;
  if (status < 400) return null;
  if (!contentType?.includes('application/json')) return `4xx not JSON (${contentType})`;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return '4xx body is not JSON';
  }
  const e = body?.error;
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string') return '4xx not in the error shape';
  if (e.details !== undefined && !(Array.isArray(e.details) && e.details.every((d: any) => typeof d?.field === 'string' && typeof d?.message === 'string'))) {
    return '4xx details not [{field,message}]';
  }
  if (/\bat .+\(.+:\d+:\d+\)|stack/i.test(text)) return '4xx carries a stack trace';
  return null;
}

test(`${TARGET_REQUESTS}+ hostile requests over every route as every role: no 5xx, JSON 4xx, nothing written by a rejected write`, async () => {
  const r = new Random(SEED);
  const knex = ctx.db.knex;
  const sql = await fingerprintSql(knex);
  // Signing out ends the session the rest of the sweep uses: those routes go last.
  const routes = [...ctx.app.routeTable].sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
  expect(routes.length).toBeGreaterThan(20);
  const failures: string[] = [];
  const coverage = new Map<string, number>();
  let sent = 0;
  let audit = await auditMark(knex);
  let full = await fullMark(knex, sql);
  let writesSinceFull = 0;
  let acceptedSinceFull = false;
  const perRoute = Math.ceil(TARGET_REQUESTS / routes.length);
  const send = async (probe: Probe, route: RegisteredRoute, who: Identity) => {
    const res = await fetch(probe.url, { method: probe.method, headers: probe.headers, body: probe.body as BodyInit | undefined });
    const text = await res.text();
    const n = ++sent;
    const key = `${route.method} ${route.path}`;
    coverage.set(key, (coverage.get(key) ?? 0) + 1);
    const describe = () => `[seed ${SEED}] #${n} ${probe.method} ${probe.url.slice(base.length, base.length + 160)} as ${who} (${probe.what}) → ${res.status} ${text.slice(0, 200)}`;
    // fetch resolves dot segments ('%2e%2e' is '..'), so a hostile path parameter can carry the request
    // out of its machine prefix (/tiles/a/%2e%2e/%2e%2e/x → /x). There the site's HTML 404 page is right.
    const escaped = firstSegment(new URL(probe.url).pathname) !== firstSegment(probe.url.slice(base.length));
    const problem = escaped ? (res.status >= 500 ? `status ${res.status}` : null) : shapeProblem(res.status, res.headers.get('content-type'), text);
    if (problem) failures.push(`${problem}: ${describe()}`);
    return { status: res.status, describe };
  };
  for (const route of routes) {
    const probes = Array.from({ length: perRoute }, (_, i) => {
      const who = IDENTITIES[i % IDENTITIES.length];
      return { who, probe: buildProbe(r, route, who) };
    });
    if (route.method === 'GET') {
      // Reads change nothing: eight at a time.
      for (let i = 0; i < probes.length; i += 8) await Promise.all(probes.slice(i, i + 8).map(({ probe, who }) => send(probe, route, who)));
      continue;
    }
    // Writes one at a time, each checked against the audit log, batches against every domain table.
    for (const { probe, who } of probes) {
      const { status, describe } = await send(probe, route, who);
      writesSinceFull++;
      const now = await auditMark(knex);
      if (status >= 400 && now !== audit) failures.push(`rejected write changed the audit log: ${describe()}`);
      if (status < 400) acceptedSinceFull = true;
      audit = now;
      // The full fingerprint every 40 writes: unchanged unless a write in the batch was accepted.
      if (writesSinceFull >= 40) {
        const after = await fullMark(knex, sql);
        if (!acceptedSinceFull && after !== full) failures.push(`rejected writes changed domain tables in the batch ending at ${describe()}`);
        full = after;
        writesSinceFull = 0;
        acceptedSinceFull = false;
      }
    }
    if (failures.length > 20) break;
  }
  if (failures.length) console.error(`Bad-input sweep failed; replay with WAYMARK_SWEEP_SEED=${SEED}\n${failures.slice(0, 20).join('\n')}`);
  expect({ seed: SEED, failures: failures.slice(0, 20) }).toEqual({ seed: SEED, failures: [] });
  expect(sent).toBeGreaterThanOrEqual(TARGET_REQUESTS);
  expect([...coverage.keys()].sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
}, 300_000);

test('the stall corpus (the largest request each route allows, test/sweep/largest.ts) as a role the route admits: no 5xx, JSON 4xx', async () => {
  const routes = [...ctx.app.routeTable].sort((a, b) => Number(a.path.endsWith('/logout')) - Number(b.path.endsWith('/logout')));
  const ids = { id: realIds[0], source: 'stall', postcode: 'HX1 1AA', file: 'datapackage.json' };
  // The sweep above signs out as it ends: fresh sessions.
  for (const u of TEST_USERS) {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: u.email, password: TEST_PASSWORD }) });
    sessions.set(u.role as Identity, { cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: (await res.json()).csrfToken });
  }
  const failures: string[] = [];
  for (const route of routes) {
    const who: Identity = route.access === 'anyone' || route.access === 'signed_in' ? 'coordinator' : (route.access[0] as Identity);
    const session = sessions.get(who)!;
    for (const end of ['high', 'low'] as Extreme[]) {
      const req = largestRequest(route, end, ids, 200);
      const headers: Record<string, string> = { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, ...(req.contentType ? { 'Content-Type': req.contentType } : {}) };
      const res = await fetch(`${base}${req.path}${req.query ? `?${req.query}` : ''}`, { method: req.method, headers, body: req.body });
      const text = await res.text();
      const problem = shapeProblem(res.status, res.headers.get('content-type'), text);
      if (problem) failures.push(`${problem}: ${route.method} ${route.path} as ${who} (${req.what}) → ${res.status} ${text.slice(0, 200)}`);
    }
  }
  await settled();
  expect(failures).toEqual([]);
}, 300_000);
