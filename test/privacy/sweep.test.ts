import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { insertAreas, readReferenceFiles } from '../../seeds/reference';
import { TEST_PASSWORD, TEST_USERS } from '../fixture';
import { createTestContext, type Client, type TestContext } from '../harness';
import { destination, geodesicDistance, toBng } from '../geo-reference';
import type { LatLng } from './attack';
import { FIXTURE_REFUGES, expectedMask, fixturePostcodes, insertPostcodes, toWgs, type ExpectedMask } from './postcode-fixture';
import { NON_PRIVILEGED, NO_LOCATION_GETS, NO_LOCATION_VALUE, PROBES, allows, type NonPrivileged, type Observation, type SweepFixture } from './sweep-routes';

/**
 * The standing privacy test (issue 5, "Done means"): every route a non-privileged role
 * can call is probed from a fine grid of points around three refuges at known exact
 * points (none on a postcode centroid; postcodes loaded so each needs a different
 * masking cell: 1 km, 2 km, outward code), and every response is checked:
 *   - every coordinate is a public point (a sensitive place's is its masking-cell centre,
 *     computed independently with proj4) or one the caller sent;
 *   - every distance is measured from public points, never from an exact one;
 *   - every field — numbers, match/no-match answers, orderings — is unchanged when each
 *     refuge is moved to another point of its masking cell (so none carries the place);
 *   - the duplicate check's answer about a refuge is the same for every probe in its cell.
 */
let ctx: TestContext;
let fx: SweepFixture;
const postcodes = fixturePostcodes();
const expected = new Map<string, ExpectedMask & { exact: LatLng }>(); // by site id
const clients = {} as Record<NonPrivileged, Client>;

// Each refuge moves ≥ 300 m, inside the same 1 km cell (so the same 1 km, 2 km and outward cell).
const MOVED_TO: Record<string, [number, number]> = { one: [408820, 425180], two: [411180, 423820], three: [406880, 427150] };
const OFFSETS = [-300, -150, 0, 150, 300]; // metres east and north of each refuge: a 5 × 5 grid, 3 × 3 when coarse

beforeAll(async () => {
  ctx = await createTestContext();
  await insertPostcodes(ctx.db.knex, postcodes);
  const coord = await ctx.as('coordinator');
  for (const who of NON_PRIVILEGED) clients[who] = await ctx.as(who);
  const made = async (client: Client, body: object) => {
    const res = await client.post('/api/assets', { category: 'mutual_aid', ...body });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.asset as { id: string; sites: { id: string }[] };
  };
  const refuges: SweepFixture['refuges'] = [];
  // The first refuge is run by a LERO, so the LERO register and its pages have a sensitive place to mask.
  const lero = (await coord.post('/api/organisations', { name: 'Northgate Peer Collective', kind: 'lero', localAuthoritiesServed: ['E08000033'] })).body.id;
  for (const r of FIXTURE_REFUGES) {
    const run = refuges.length === 0 ? { organisationId: lero } : {};
    const a = await made(coord, { name: r.name, category: 'housing', sensitive: true, publish: true, ...run, sites: [{ lat: r.lat, lng: r.lng, postcode: r.postcode, address: '9 Quiet Lane' }] });
    refuges.push({ name: r.name, assetId: a.id, siteId: a.sites[0].id });
    expected.set(a.sites[0].id, { ...expectedMask(r, postcodes, 20), exact: { lat: r.lat, lng: r.lng } });
    // Ordinary published records nearby with like names, so duplicates and near-searches have company.
    for (const [bearing, metres] of [[60, 220], [250, 450]]) {
      await made(coord, { name: `${r.name} Support Group`, publish: true, sites: [destination(r.lat, r.lng, bearing, metres)] });
    }
  }
  // A service co-located at refuge one (masked with it), and a volunteer's pending sensitive record planted at an ordinary site.
  await made(coord, { name: 'Northgate Advice Drop-in', category: 'advice', publish: true, sites: [{ id: refuges[0].siteId }] });
  const ordinary = await made(coord, { name: 'Southowram Community Cafe', category: 'social_leisure_arts', publish: true, sites: [toWgs(411420, 423560)] });
  await made(clients.volunteer, { name: 'Southowram Safe House Annex', category: 'housing', sensitive: true, sites: [{ id: ordinary.sites[0].id }] });
  const home = { name: 'My Pending Walk', at: toWgs(409500, 426500) };
  const own = await made(clients.volunteer, { name: home.name, sites: [home.at] });
  await importTestWards();
  fx = { refuges, ownPendingId: own.id, ownPendingHome: home, created: [], createdPoints: new Map(), campaigns: await linkageCampaigns(coord, refuges.map((r) => r.assetId)) };
  expect(refuges.map((r) => expected.get(r.siteId)!.precision)).toEqual(['grid_1km', 'grid_2km', 'outward_code']);
});
afterAll(async () => { await ctx.close(); });

/**
 * Linkage campaigns over the published records here, refuges among the ends of their
 * pairs: a closed one (the "before"), a published one, and one in progress with pairs in
 * the volunteer's and the researcher's worklists. Outcomes vary with the pair number.
 */
async function linkageCampaigns(coord: Client, refugeIds: string[]): Promise<SweepFixture['campaigns']> {
  const ok = (res: { status: number; body: unknown }, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as any;
  };
  const callerIds = new Map<string, string>();
  for (const c of ok(await coord.get('/api/linkage/callers'), 'callers').items) callerIds.set(c.role, c.id);
  const drawn = async (name: string, seed: number) => {
    const campaign = ok(await coord.post('/api/campaigns', {
      name, approach: 'disclosed',
      frame: { categories: ['housing', 'mutual_aid', 'advice', 'social_leisure_arts'] },
      design: { pairCount: 40, excludeSameSite: true },
    }), `create ${name}`);
    ok(await coord.post(`/api/campaigns/${campaign.id}/draw`, { seed }), `draw ${name}`);
    const pairs = ok(await coord.get(`/api/campaigns/${campaign.id}/pairs?limit=500`), 'pairs').items as { id: string; pairNumber: number; a: { assetId: string }; b: { assetId: string } }[];
    if (!refugeIds.every((r) => pairs.some((p) => p.a.assetId === r || p.b.assetId === r))) throw new Error(`${name}: a refuge is at no pair's end`);
    return { id: campaign.id as string, pairs };
  };
  const work = async (id: string, pairs: { id: string; pairNumber: number }[], close: boolean) => {
    for (const [i, role] of [[0, 'volunteer'], [1, 'researcher']] as const) {
      const mine = pairs.filter((p) => p.pairNumber % 2 === i).map((p) => p.id);
      ok(await coord.post(`/api/campaigns/${id}/assignments`, { callerId: callerIds.get(role), pairIds: mine }), 'assign');
      const caller = await ctx.as(role);
      for (const p of pairs.filter((q) => q.pairNumber % 2 === i && (close || q.pairNumber % 3 === 0))) {
        const attempt = p.pairNumber % 5 === 0 ? { result: 'no_answer' } : { result: 'answered', outcome: p.pairNumber % 4 };
        ok(await caller.post(`/api/campaign-pairs/${p.id}/attempts`, { attemptedAt: '2026-11-20T10:00:00Z', mode: 'phone', ...attempt }), 'attempt');
      }
    }
    if (close) ok(await coord.post(`/api/campaigns/${id}/close`, {}), 'close');
  };
  const before = await drawn('Sweep before', 11);
  await work(before.id, before.pairs, true);
  const published = await drawn('Sweep published', 12);
  await work(published.id, published.pairs, true);
  ok(await coord.post(`/api/campaigns/${published.id}/publish`, {}), 'publish');
  // Every service agrees to publication here, so the sweep reads per-service rows and pathway ends (issue 21, item 3; the last test withdraws them).
  for (const assetId of new Set(published.pairs.flatMap((p) => [p.a.assetId, p.b.assetId]))) ok(await coord.post('/api/linkage/service-agreements', { assetId, agreed: true }), 'agreement');
  const open = await drawn('Sweep in progress', 13);
  await work(open.id, open.pairs, false);
  return { publishedId: published.id, closedId: before.id, openId: open.id };
}

/**
 * The three invented test wards (test/fixtures/wards), so the board's ward-filtered reads
 * are swept like every other: refuge one's exact point and its 1 km cell's centre are in
 * TEST-W2, and the point it is moved to (MOVED_TO) in TEST-W1, so a ward figure taken from
 * the exact point would move between them.
 */
async function importTestWards(): Promise<void> {
  const wards = readFileSync(path.join(__dirname, '../fixtures/wards/calderdale-test-wards.geojson'));
  // Their LSOAs' boundaries: no postcodes (they would move the masking cells) and no people
  // (the gap probes' cells stay empty, as without areas; the registry's ward figures are what moves).
  const codes = new Set((JSON.parse(wards.toString()) as { features: { properties: { TEST_FIXTURE_LSOAS: string } }[] }).features.flatMap((f) => f.properties.TEST_FIXTURE_LSOAS.split(',')));
  const areas = readReferenceFiles().areas.filter((a) => codes.has(a.code)).map((a) => ({ ...a, population: null, imdRank: null, imdDecile: null }));
  if (areas.length !== 13) throw new Error(`expected the wards' 13 LSOAs, found ${areas.length}`);
  await ctx.db.knex.transaction((trx) => insertAreas(trx, areas));
  const login = await request(ctx.app).post('/api/auth/login').send({ email: TEST_USERS.find((u) => u.role === 'admin')!.email, password: TEST_PASSWORD });
  const res = await request(ctx.app).post('/api/areas/import').set('Cookie', String(login.headers['set-cookie']).split(';')[0]).set('X-CSRF-Token', login.body.csrfToken)
    .attach('wards', wards, 'calderdale-test-wards.geojson');
  if (res.status !== 200 || res.body.wards !== 3) throw new Error(`ward import: ${res.status} ${JSON.stringify(res.body)}`);
}

const routeKey = (r: { method: string; path: string }) => `${r.method} ${r.path}`;

test('meta: every route a non-privileged role can call is swept or says why it carries no location-derived value', () => {
  const open = ctx.app.routeTable.filter((r) => NON_PRIVILEGED.some((who) => allows(r.access, who))).map(routeKey);
  const unaccounted = open.filter((k) => !(k in PROBES) && !(k in NO_LOCATION_VALUE));
  expect(unaccounted).toEqual([]);
  const both = Object.keys(PROBES).filter((k) => k in NO_LOCATION_VALUE);
  expect(both).toEqual([]);
  const stale = [...Object.keys(PROBES), ...Object.keys(NO_LOCATION_VALUE)].filter((k) => !open.includes(k));
  expect(stale).toEqual([]);
  for (const reason of Object.values(NO_LOCATION_VALUE)) expect(reason.length).toBeGreaterThan(10);
});

type Run = { key: string; observation: Observation; at: LatLng | null; refugeSite: string | null }[];

function gridAround(siteId: string, coarse: boolean): LatLng[] {
  const { exact } = expected.get(siteId)!;
  const offsets = coarse ? OFFSETS.filter((_, i) => i % 2 === 0) : OFFSETS;
  return offsets.flatMap((dn) => offsets.map((de) => {
    const north = destination(exact.lat, exact.lng, dn >= 0 ? 0 : 180, Math.abs(dn));
    return destination(north.lat, north.lng, de >= 0 ? 90 : 270, Math.abs(de));
  }));
}

/** Every probe of every swept route, as every non-privileged role allowed to call it. */
async function sweep(): Promise<Run> {
  const run: Run = [];
  for (const route of ctx.app.routeTable) {
    const key = routeKey(route);
    const probe = PROBES[key];
    if (!probe) continue;
    const callers = NON_PRIVILEGED.filter((w) => allows(route.access, w));
    for (const who of callers) {
      // The first role allowed (anonymous, else volunteer) gets the full grid, the others (same code path, their own records added) every other point.
      const coarse = probe.grid === 'coarse' || who !== callers[0];
      const places: [LatLng | null, string | null][] =
        probe.grid === 'once' ? [[null, null]] : fx.refuges.flatMap((r) => gridAround(r.siteId, coarse).map((p): [LatLng, string] => [p, r.siteId]));
      for (const [at, refugeSite] of places) {
        for (const observation of await probe.run(clients[who], at ?? { lat: 0, lng: 0 }, fx, who)) run.push({ key: `${key} as ${who}: ${observation.label}`, observation, at, refugeSite });
        if (fx.created.length) await ctx.db.knex('asset').whereIn('id', fx.created.splice(0)).delete();
      }
    }
  }
  for (const path of NO_LOCATION_GETS) {
    for (const who of NON_PRIVILEGED) {
      const res = await clients[who].get(path.slice(4));
      run.push({ key: `${path} as ${who}`, observation: { label: path, inputs: [], status: res.status, body: res.body }, at: null, refugeSite: null });
    }
  }
  return run;
}

type Found = { coords: LatLng[]; distances: { value: number; owner: Record<string, unknown> }[]; siteCoords: { siteId: string; point: LatLng; precision: unknown }[] };

/** Every coordinate pair, every distance field, and every (site id → point) in a response. */
function collect(value: unknown, found: Found = { coords: [], distances: [], siteCoords: [] }): Found {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, found);
    return found;
  }
  if (!value || typeof value !== 'object') return found;
  const o = value as Record<string, unknown>;
  // Open Referral and Meeting Guide name them latitude/longitude.
  if (typeof o.latitude === 'number' && typeof o.longitude === 'number') found.coords.push({ lat: o.latitude, lng: o.longitude });
  if (typeof o.lat === 'number' && typeof o.lng === 'number') {
    found.coords.push({ lat: o.lat, lng: o.lng });
    if (typeof o.id === 'string') found.siteCoords.push({ siteId: o.id, point: { lat: o.lat, lng: o.lng }, precision: o.locationPrecision });
  }
  if (o.type === 'Point' && Array.isArray(o.coordinates)) found.coords.push({ lng: o.coordinates[0] as number, lat: o.coordinates[1] as number });
  // Pathway lines: each end is a point too.
  if (o.type === 'LineString' && Array.isArray(o.coordinates)) for (const [lng, lat] of o.coordinates as [number, number][]) found.coords.push({ lng, lat });
  if (o.type === 'Feature' && o.geometry && o.properties) {
    const g = o.geometry as { coordinates: number[] };
    const p = o.properties as { siteId?: string; locationPrecision?: string };
    if (p.siteId) found.siteCoords.push({ siteId: p.siteId, point: { lng: g.coordinates[0], lat: g.coordinates[1] }, precision: p.locationPrecision });
  }
  for (const [k, v] of Object.entries(o)) {
    if (/distance/i.test(k) && typeof v === 'number') found.distances.push({ value: v, owner: o });
    collect(v, found);
  }
  return found;
}

async function publicPoints(): Promise<Map<string, LatLng>> {
  const rows = await ctx.db.knex('site').select('id', ctx.db.knex.raw('ST_Y(geom_public) AS lat'), ctx.db.knex.raw('ST_X(geom_public) AS lng'));
  return new Map(rows.map((r: { id: string; lat: number; lng: number }) => [r.id, { lat: r.lat, lng: r.lng }]));
}

async function publicPointsOfAssets(): Promise<Map<string, LatLng[]>> {
  const rows = await ctx.db.knex('asset_site as x').join('site as s', 's.id', 'x.site_id')
    .select('x.asset_id', ctx.db.knex.raw('ST_Y(s.geom_public) AS lat'), ctx.db.knex.raw('ST_X(s.geom_public) AS lng'));
  const byAsset = new Map<string, LatLng[]>();
  for (const r of rows) byAsset.set(r.asset_id, [...(byAsset.get(r.asset_id) ?? []), { lat: r.lat, lng: r.lng }]);
  return byAsset;
}

// Equal, or the same point rounded to 5 decimals (about 1 m, as the Meeting Guide feed writes it): nothing near a masking cell's size.
const same = (a: LatLng, b: LatLng) => Math.abs(a.lat - b.lat) <= 5.1e-6 && Math.abs(a.lng - b.lng) <= 5.1e-6;

/** Coordinates and distances of one run, checked against public points only. */
async function checkValues(run: Run): Promise<string[]> {
  const problems: string[] = [];
  // Town and village names (GeoNames reference data, /api/places) are public points too.
  const placeRows = await ctx.db.knex('place_label').select(ctx.db.knex.raw('ST_Y(geom) AS lat'), ctx.db.knex.raw('ST_X(geom) AS lng'));
  const points = [...(await publicPoints()).values(), ...placeRows.map((r: LatLng) => ({ lat: r.lat, lng: r.lng }))];
  const ofAsset = await publicPointsOfAssets();
  for (const { key, observation, at } of run) {
    const found = collect(observation.body);
    for (const c of found.coords) {
      if (!points.some((p) => same(p, c)) && !observation.inputs.some((p) => same(p, c))) problems.push(`${key}: coordinate ${c.lat},${c.lng} is no public point`);
    }
    for (const s of found.siteCoords) {
      const e = expected.get(s.siteId);
      if (!e) continue;
      if (geodesicDistance(s.point, e) > 1 || s.precision !== e.precision) problems.push(`${key}: refuge shown at ${s.point.lat},${s.point.lng} (${String(s.precision)}), not its ${e.precision} centre`);
    }
    for (const { value, owner } of found.distances) {
      // A distance may only be from the probe point to a public point of the record it describes.
      const sites = Array.isArray(owner.sites) ? (owner.sites as LatLng[]) : typeof owner.id === 'string' ? (ofAsset.get(owner.id) ?? fx.createdPoints.get(owner.id) ?? []) : [];
      const truth = at && sites.length ? Math.min(...sites.map((p) => geodesicDistance(at, p))) : NaN;
      if (!(Math.abs(value - truth) <= 0.6)) problems.push(`${key}: distance ${value} is not ${truth.toFixed(1)} from public points`);
    }
  }
  return problems;
}

/** A response with what legitimately differs between runs (new ids, clocks, version counters) blanked. */
function normalise(run: Run, known: Set<string>): string[] {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  // exportedAt and timeStamp (OGC) are the clock; dataVersion counts every write (moving the refuge is one), not where anything is.
  const volatile = new Set(['createdAt', 'updatedAt', 'publishedAt', 'lastVerifiedAt', 'version', 'csrfToken', 'expiresAt', 'exportedAt', 'timeStamp', 'dataVersion']);
  // Absolute links (OGC, Open Referral) name the port supertest happened to listen on.
  const origin = /http:\/\/127\.0\.0\.1:\d+/g;
  return run.map(({ key, observation }) =>
    `${key} → ${observation.status} ${JSON.stringify(observation.body, (k, v) => (volatile.has(k) ? undefined : typeof v === 'string' && uuid.test(v) && !known.has(v) ? '<new>' : v)).replace(origin, '<origin>')}`);
}

/** Does a point fall in the same BNG cell (1 or 2 km) as a refuge? (outward-code cells are covered by the moved-refuge comparison) */
function inCellOf(siteId: string, p: LatLng): boolean {
  const e = expected.get(siteId)!;
  const size = e.precision === 'grid_1km' ? 1000 : e.precision === 'grid_2km' ? 2000 : 0;
  if (!size) return false;
  const [a, b] = [toBng(e.exact.lat, e.exact.lng), toBng(p.lat, p.lng)];
  return Math.floor(a[0] / size) === Math.floor(b[0] / size) && Math.floor(a[1] / size) === Math.floor(b[1] / size);
}

test('sweep: nothing any non-privileged role is sent lets a refuge be placed more finely than its masking cell', async () => {
  const known = new Set<string>((await ctx.db.knex('asset').select('id')).map((r: { id: string }) => r.id));
  for (const r of await ctx.db.knex('site').select('id')) known.add(r.id);
  // The report compares the two latest dashboard snapshots, and the sweep itself takes some:
  // two taken first make that section the same in both sweeps (same figures, same day).
  const coordinator = await ctx.as('coordinator');
  for (let i = 0; i < 2; i++) expect((await coordinator.post('/api/dashboard/snapshots', {})).status).toBe(201);
  const first = await sweep();
  expect(first.length).toBeGreaterThan(900);
  expect(first.filter((o) => o.observation.status >= 500).map((o) => o.key)).toEqual([]);
  expect(await checkValues(first)).toEqual([]);

  // The duplicate check's answer about a refuge is the same everywhere in its cell (and it is found there).
  for (const r of fx.refuges) {
    const answers = first
      .filter((o) => o.key.startsWith('POST /api/assets/duplicates') && o.key.endsWith(`duplicates of ${r.name}`) && o.at && inCellOf(r.siteId, o.at))
      .map((o) => JSON.stringify((o.observation.body as { items: { name: string }[] }).items.filter((d) => d.name === r.name)));
    if (expected.get(r.siteId)!.precision === 'outward_code') continue;
    expect(answers.length).toBeGreaterThan(20);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('a coordinator will check');
  }

  // Move every refuge within its masking cell: its public point stays, and every answer to every probe is unchanged.
  const before = await publicPoints();
  for (const r of fx.refuges) {
    const key = FIXTURE_REFUGES.find((f) => f.name === r.name)!.key;
    const to = toWgs(...MOVED_TO[key]);
    expect(geodesicDistance(to, expected.get(r.siteId)!.exact)).toBeGreaterThan(300);
    await ctx.db.knex('site').where({ id: r.siteId }).update({ geom: ctx.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [to.lng, to.lat]) });
  }
  const after = await publicPoints();
  for (const r of fx.refuges) expect(after.get(r.siteId)).toEqual(before.get(r.siteId));
  const second = await sweep();
  expect(normalise(second, known)).toEqual(normalise(first, known));
}, 300_000);

/**
 * The per-service publication rule (issue 21, item 3): once the services' agreements are
 * withdrawn, nothing an anonymous visitor or a commissioner reads of the published
 * campaign names a service's own figures: no per-asset rates, no network lists, no
 * pathway ends, no service ids or names in pairs.csv; the partnership-level rates stay.
 */
test('per-service figures: none for anonymous visitors or commissioners without the service\'s agreement', async () => {
  const coord = await ctx.as('coordinator');
  const agreed = (await coord.get('/api/linkage/service-agreements')).body.items as { assetId: string }[];
  expect(agreed.length).toBeGreaterThan(0);
  for (const a of agreed) expect((await coord.post('/api/linkage/service-agreements', { assetId: a.assetId, agreed: false })).status).toBe(200);
  const id = fx.campaigns.publishedId;
  const serviceIds = new Set((await ctx.db.knex('campaign_pair').select('a_asset_id', 'b_asset_id').where('campaign_id', id)).flatMap((r: { a_asset_id: string; b_asset_id: string }) => [r.a_asset_id, r.b_asset_id]));
  const leaks: string[] = [];
  for (const who of ['anon', 'commissioner'] as const) {
    const c = clients[who];
    for (const path of [`/api/campaigns/${id}/results`, `/api/campaigns/${id}/export/summary.json`, `/api/campaigns/${id}/pathways.geojson`, `/api/campaigns/${id}/pathways.geojson?layer=assets`, `/ogc/collections/pathways/items?limit=1000`, `/api/campaigns/${id}/export/pairs.csv`]) {
      const res = await c.get(path);
      if (path.endsWith('pairs.csv') && who === 'anon') { expect(res.status).toBe(401); continue; }
      expect(res.status).toBe(200);
      const text = res.text ?? JSON.stringify(res.body);
      for (const s of serviceIds) if (text.includes(s)) leaks.push(`${who} ${path}: ${s}`);
    }
    const r = (await c.get(`/api/campaigns/${id}/results`)).body;
    expect(r.rates.reach.n).toBeGreaterThan(0);
    expect(r.method.perService.shown).toBe('agreed_only');
  }
  expect(leaks).toEqual([]);
});
