import { createTestContext, type Client, type TestContext } from '../harness';
import { listAssets } from '../../server/assets/repo';
import { assetFeatures, assetView } from '../../server/assets/view';
import { currentPartnership } from '../../server/partnerships/repo';
import { insertPostcodes, postcodesInCell } from '../privacy/postcode-fixture';
import { toBng } from '../geo-reference';
import { seededRandom } from '../../server/stats/random';

/**
 * Issue 10: the public read model (migration 2026120120) never disagrees with the full
 * tables. Random writes of every kind — through the API and straight into the tables, as
 * imports, the sweep and bulk loads do — each followed by a comparison of what
 * anonymous, volunteer and commissioner viewers are served (from the read model) with
 * what server/assets/view.ts makes of the full tables for a viewer who may not see exact
 * places (repo.listAssets with masked access, then assetView).
 */
let ctx: TestContext;
let anon: Client, vol: Client, comm: Client, coord: Client;
beforeAll(async () => {
  ctx = await createTestContext();
  [anon, vol, comm, coord] = await Promise.all([ctx.as('anon'), ctx.as('volunteer'), ctx.as('commissioner'), ctx.as('coordinator')]);
});
afterAll(async () => { await ctx.close(); });

const random = seededRandom(20261201);
const int = (lo: number, hi: number) => random.int(lo, hi);
const pick = <T>(xs: T[]): T => xs[int(0, xs.length - 1)];
const chance = (p: number) => int(0, 999) < p * 1000;
const CATEGORIES = ['mutual_aid', 'housing', 'advice', 'social_leisure_arts', 'recovery_community'];
const OUTWARD = ['HX1', 'HX2', 'HX3'];
const randomPoint = () => ({ lat: 53.69 + int(0, 6000) / 1e5, lng: -1.91 + int(0, 10000) / 1e5 });
const newSite = () => ({ ...randomPoint(), venueName: `Venue ${int(1, 999)}`, address: `${int(1, 99)} Some Street`, postcode: `${pick(OUTWARD)} ${int(1, 9)}AB` });

const ok = (res: { status: number; body: unknown }, what: string) => {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as any;
};
const ids = async (where: Record<string, unknown>): Promise<string[]> =>
  (await ctx.db.knex('asset').where(where).whereNull('merged_into').select('id').orderBy('id')).map((r: { id: string }) => r.id);
const siteIds = async (): Promise<string[]> => (await ctx.db.knex('site').select('id').orderBy('id')).map((r: { id: string }) => r.id);
const orgIds = async (): Promise<string[]> => (await ctx.db.knex('organisation').select('id').orderBy('id')).map((r: { id: string }) => r.id);

/** The full-table answer, as a viewer who may not see exact places is shown it (JSON, as the API sends it). */
async function fullTable(extra: Partial<Parameters<typeof listAssets>[1]> = {}) {
  const partnership = await currentPartnership(ctx.db.knex);
  const rows = await listAssets(ctx.db.knex, { partnershipId: partnership.id, statuses: ['published'], limit: 5000, offset: 0, sort: 'name', ...extra }, 'masked');
  return JSON.parse(JSON.stringify(rows.map((r) => assetView(r, false, false))));
}

async function compare(step: string): Promise<void> {
  const expected = await fullTable();
  for (const [who, client] of [['anon', anon], ['volunteer', vol], ['commissioner', comm]] as const) {
    const res = await client.get('/api/assets?limit=5000&sort=name');
    expect(res.status).toBe(200);
    if (JSON.stringify(res.body.items) !== JSON.stringify(expected)) expect({ step, who, items: res.body.items }).toEqual({ step, who, items: expected });
  }
  const geo = await anon.get('/api/assets?format=geojson&limit=5000&sort=name');
  expect({ step, features: geo.body.features }).toEqual({ step, features: JSON.parse(JSON.stringify(assetFeatures(expected, 1))) });

  // A random box and a random circle: the same assets (and distances) as the full tables give.
  const c = randomPoint();
  const box = { minLng: c.lng - 0.02, minLat: c.lat - 0.012, maxLng: c.lng + 0.02, maxLat: c.lat + 0.012 };
  const inBox = await anon.get(`/api/assets?bbox=${box.minLng},${box.minLat},${box.maxLng},${box.maxLat}&limit=5000`);
  const boxIds = (await fullTable({ bbox: box })).map((a: { id: string }) => a.id).sort();
  expect({ step, box: inBox.body.items.map((a: { id: string }) => a.id).sort() }).toEqual({ step, box: boxIds });
  // The box's whole records and its GeoJSON (from the site rows' stored text) in name order.
  const boxBy = `bbox=${box.minLng},${box.minLat},${box.maxLng},${box.maxLat}&limit=5000&sort=name`;
  const boxExpected = await fullTable({ bbox: box });
  expect({ step, boxItems: (await anon.get(`/api/assets?${boxBy}`)).body.items }).toEqual({ step, boxItems: boxExpected });
  expect({ step, boxFeatures: (await anon.get(`/api/assets?format=geojson&${boxBy}`)).body.features })
    .toEqual({ step, boxFeatures: JSON.parse(JSON.stringify(assetFeatures(boxExpected, 1))) });
  const near = await anon.get(`/api/assets?lat=${c.lat}&lng=${c.lng}&withinMetres=2500&limit=5000`);
  const nearExpected = (await fullTable({ near: { ...c, metres: 2500 }, sort: undefined })).map((a: { id: string; distanceMetres: number }) => [a.id, a.distanceMetres]);
  expect({ step, near: near.body.items.map((a: { id: string; distanceMetres: number }) => [a.id, a.distanceMetres]) }).toEqual({ step, near: nearExpected });
  const nearFeatures = await anon.get(`/api/assets?format=geojson&lat=${c.lat}&lng=${c.lng}&withinMetres=2500&limit=5000`);
  const nearRecords = await fullTable({ near: { ...c, metres: 2500 }, sort: undefined });
  expect({ step, nearFeatures: nearFeatures.body.features }).toEqual({ step, nearFeatures: JSON.parse(JSON.stringify(assetFeatures(nearRecords, 1))) });
}

type Action = [kind: string, run: () => Promise<boolean>];

const ACTIONS: Action[] = [
  ['create published', async () => {
    const sites = Array.from({ length: int(0, 2) }, () => (chance(0.3) ? null : newSite())).filter(Boolean) as object[];
    const shared = await siteIds();
    if (shared.length && chance(0.4)) sites.push({ id: pick(shared) });
    const orgs = await orgIds();
    ok(await coord.post('/api/assets', {
      name: `Asset ${int(1, 99999)}`, category: pick(CATEGORIES), publish: true, sensitive: chance(0.25), sites, confirmOutsideBoundary: true,
      whoFor: chance(0.5) ? ['women'] : [], peerLed: chance(0.5), schedule: chance(0.5) ? [{ day: int(0, 6), start: '10:00', end: '11:30' }] : [],
      ...(orgs.length && chance(0.5) ? { organisationId: pick(orgs) } : {}),
    }), 'create published');
    return true;
  }],
  ['create pending (volunteer)', async () => {
    ok(await vol.post('/api/assets', { name: `Pending ${int(1, 99999)}`, category: pick(CATEGORIES), sensitive: chance(0.3), sites: [newSite()] }), 'create pending');
    return true;
  }],
  ['edit fields', async () => {
    const live = [...(await ids({ status: 'published' })), ...(await ids({ status: 'pending' }))];
    if (!live.length) return false;
    ok(await coord.patch(`/api/assets/${pick(live)}`, { name: `Edited ${int(1, 99999)}`, category: pick(CATEGORIES), peerLed: chance(0.5), tags: chance(0.5) ? ['evening'] : [] }), 'edit');
    return true;
  }],
  ['sensitivity on/off', async () => {
    const live = await ids({ status: 'published' });
    if (!live.length) return false;
    const id = pick(live);
    const now = (await ctx.db.knex('asset').where({ id }).first('sensitive')).sensitive;
    ok(await coord.patch(`/api/assets/${id}`, { sensitive: !now }), 'sensitivity');
    return true;
  }],
  ['move sites (API)', async () => {
    const live = await ids({ status: 'published' });
    if (!live.length) return false;
    const shared = await siteIds();
    const sites = chance(0.5) && shared.length ? [{ id: pick(shared) }, newSite()] : [newSite()];
    ok(await coord.patch(`/api/assets/${pick(live)}`, { sites, confirmOutsideBoundary: true }), 'move');
    return true;
  }],
  ['move a site (SQL)', async () => {
    const all = await siteIds();
    if (!all.length) return false;
    const p = randomPoint();
    await ctx.db.knex('site').where({ id: pick(all) }).update({ geom: ctx.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [p.lng, p.lat]), postcode: `${pick(OUTWARD)} ${int(1, 9)}CD` });
    return true;
  }],
  ['publish', async () => {
    const waiting = [...(await ids({ status: 'pending' })), ...(await ids({ status: 'rejected' }))];
    if (!waiting.length) return false;
    ok(await coord.post(`/api/assets/${pick(waiting)}/publish`, {}), 'publish');
    return true;
  }],
  ['bulk publish', async () => {
    const waiting = await ids({ status: 'pending' });
    if (waiting.length < 2) return false;
    ok(await coord.post('/api/review/publish', { ids: waiting.slice(0, 3) }), 'bulk publish');
    return true;
  }],
  ['reject', async () => {
    const waiting = await ids({ status: 'pending' });
    if (!waiting.length) return false;
    ok(await coord.post(`/api/assets/${pick(waiting)}/reject`, { reason: 'Not a recovery asset' }), 'reject');
    return true;
  }],
  ['archive', async () => {
    const live = await ids({ status: 'published' });
    if (!live.length) return false;
    ok(await coord.post(`/api/assets/${pick(live)}/archive`, {}), 'archive');
    return true;
  }],
  ['restore', async () => {
    const archived = (await ctx.db.knex('asset').where({ status: 'archived' }).select('id').orderBy('id')).map((r: { id: string }) => r.id);
    if (!archived.length) return false;
    ok(await coord.post(`/api/assets/${pick(archived)}/restore`, {}), 'restore');
    return true;
  }],
  ['merge', async () => {
    const live = await ids({ status: 'published' });
    if (live.length < 2) return false;
    const merged = pick(live);
    ok(await coord.post(`/api/assets/${merged}/merge`, { survivorId: pick(live.filter((i) => i !== merged)) }), 'merge');
    return true;
  }],
  ['organisation rename', async () => {
    const orgs = await orgIds();
    if (!orgs.length) return false;
    ok(await coord.patch(`/api/organisations/${pick(orgs)}`, { name: `Organisation ${int(1, 99999)}` }), 'rename');
    return true;
  }],
  ['organisation status and names (SQL, every row)', async () => {
    await ctx.db.knex('organisation').update({ status: pick(['pending', 'published', 'rejected']), name: ctx.db.knex.raw(`name || ?`, [` ${int(1, 9)}`]) });
    return true;
  }],
  ['postcode load (re-masks)', async () => {
    const sensitive = await ctx.db.knex('site').where({ sensitive: true }).select(ctx.db.knex.raw('ST_Y(geom) AS lat'), ctx.db.knex.raw('ST_X(geom) AS lng'), 'postcode');
    const at = sensitive.length ? pick(sensitive) : randomPoint();
    const [e, n] = toBng(at.lat, at.lng);
    const size = pick([1000, 2000]);
    const outward = (at as { postcode?: string }).postcode?.split(' ')[0] ?? pick(OUTWARD);
    await insertPostcodes(ctx.db.knex, postcodesInCell(outward, Math.floor(e / size) * size, Math.floor(n / size) * size, size, int(3, 12)));
    return true;
  }],
  ['postcodes removed (re-masks)', async () => {
    const some = (await ctx.db.knex('postcode').select('postcode').orderBy('postcode')).map((r: { postcode: string }) => r.postcode);
    if (!some.length) return false;
    await ctx.db.knex('postcode').whereIn('postcode', some.filter(() => chance(0.3))).delete();
    return true;
  }],
  ['k changes (re-masks)', async () => {
    await ctx.db.knex('partnership').update({ mask_min_postcodes: int(1, 25) });
    return true;
  }],
  ['set-based update (SQL, several rows)', async () => {
    const live = await ids({ status: 'published' });
    if (live.length < 2) return false;
    await ctx.db.knex('asset').whereIn('id', live.filter(() => chance(0.4))).update({ peer_led: ctx.db.knex.raw('NOT peer_led'), who_for: ['men'] });
    return true;
  }],
  ['delete (SQL)', async () => {
    const live = await ids({ status: 'published' });
    if (live.length < 5) return false;
    const id = pick(live);
    await ctx.db.knex('asset').where({ merged_into: id }).update({ merged_into: null });
    await ctx.db.knex('asset').where({ id }).delete();
    return true;
  }],
];

test('~150 random writes of every kind: after each, the read model answers exactly as the full tables do', async () => {
  for (const name of ['Calder Recovery Trust', 'Halifax Housing Help', 'Elland Fellowship']) {
    ok(await coord.post('/api/organisations', { name, kind: 'other' }), 'organisation');
  }
  const done = new Map<string, number>();
  // Start with some records so every kind of write has something to act on.
  for (let i = 0; i < 12; i++) await ACTIONS[i % 2][1]();
  await compare('start');
  for (let step = 0; step < 150; step++) {
    const [kind, run] = pick(ACTIONS);
    if (await run()) done.set(kind, (done.get(kind) ?? 0) + 1);
    await compare(`${step}: ${kind}`);
  }
  for (const [kind] of ACTIONS) expect([kind, (done.get(kind) ?? 0) > 0]).toEqual([kind, true]);
  // The comparison saw masked places and co-located sites.
  expect(Number((await ctx.db.knex('public_asset_site').where({ sensitive: true }).count('* as n'))[0].n)).toBeGreaterThan(0);
}, 600_000);

test('a bulk insert of many assets in one statement is refreshed by one set-based trigger run', async () => {
  const partnership = await currentPartnership(ctx.db.knex);
  const before = Number((await ctx.db.knex('public_asset').count('* as n'))[0].n);
  await ctx.db.knex.raw(
    `INSERT INTO asset (partnership_id, name, category, status, published_at)
     SELECT ?, 'Bulk ' || g, 'advice', 'published', now() FROM generate_series(1, 2000) g`,
    [partnership.id],
  );
  expect(Number((await ctx.db.knex('public_asset').count('* as n'))[0].n)).toBe(before + 2000);
  await compare('bulk insert');
});

test('listing order is explicit: sort=name|distance|none, and distance needs a circle', async () => {
  // Its own records, in a small box of their own (names out of order on purpose).
  for (const [i, name] of ['Order Zeta', 'Order Alpha', 'Order Mu', 'Order Beta', 'Order Kappa', 'Order Delta'].entries()) {
    ok(await coord.post('/api/assets', { name, category: 'advice', publish: true, sites: [{ lat: 53.7001 + i * 0.0004, lng: -1.8801 + i * 0.0007 }] }), name);
  }
  const b = { minLng: -1.8805, minLat: 53.6998, maxLng: -1.8760, maxLat: 53.7025 };
  const box = `${b.minLng},${b.minLat},${b.maxLng},${b.maxLat}`;
  const byName = (await anon.get(`/api/assets?bbox=${box}&limit=5000&sort=name`)).body.items.map((a: { name: string }) => a.name);
  expect(byName).toEqual((await fullTable({ bbox: b })).map((a: { name: string }) => a.name));
  expect(byName.filter((n: string) => n.startsWith('Order '))).toEqual(['Order Alpha', 'Order Beta', 'Order Delta', 'Order Kappa', 'Order Mu', 'Order Zeta']);
  // A box's default is unsorted (no name sort): the same records, in whatever order the index gives.
  const unsorted = (await anon.get(`/api/assets?bbox=${box}&limit=5000`)).body.items.map((a: { name: string }) => a.name);
  expect([...unsorted].sort()).toEqual([...byName].sort());
  // Near, by name instead of distance: the same records and distances as the full tables give.
  const near = (await anon.get('/api/assets?lat=53.701&lng=-1.878&withinMetres=400&sort=name&limit=5000')).body.items;
  const nearByName = await fullTable({ near: { lat: 53.701, lng: -1.878, metres: 400 }, sort: 'name' });
  expect(near.length).toBeGreaterThanOrEqual(6);
  expect(near.map((a: { id: string; distanceMetres: number }) => [a.id, a.distanceMetres])).toEqual(nearByName.map((a: { id: string; distanceMetres: number }) => [a.id, a.distanceMetres]));
  const bad = await anon.get(`/api/assets?bbox=${box}&sort=distance`);
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body.error.details)).toContain('sort');
});

test('every filter, in a box and in a circle (and both), lists what the full tables list', async () => {
  const knex = ctx.db.knex;
  const published = await knex('asset').where({ status: 'published' });
  const withTag = published.find((a: { tags: string[] }) => a.tags.length)?.tags[0];
  // A published organisation: an unpublished one is not shown publicly, so not filtered by either.
  const publishedOrgs = new Set((await knex('organisation').where({ status: 'published' }).select('id')).map((o: { id: string }) => o.id));
  const withOrg = published.find((a: { organisation_id: string | null }) => a.organisation_id && publishedOrgs.has(a.organisation_id))?.organisation_id;
  const since = new Date(Date.now() - 60_000).toISOString();
  // [query string, the same filters for repo.listAssets]
  const filters: [string, Partial<Parameters<typeof listAssets>[1]>][] = [
    ['', {}],
    ['category=advice,housing', { categories: ['advice', 'housing'] }],
    ['whoFor=women', { whoFor: ['women'] }],
    ['peerLed=true', { peerLed: true }],
    ['sensitive=false', { sensitive: false }],
    ['sensitive=true&category=advice', { sensitive: true, categories: ['advice'] }],
    [`updatedSince=${encodeURIComponent(since)}`, { updatedSince: new Date(since) }],
    ['q=asset', { q: 'asset' }],
    ...(withTag ? [[`tags=${encodeURIComponent(withTag)}`, { tags: [withTag] }] as [string, Partial<Parameters<typeof listAssets>[1]>]] : []),
    ...(withOrg ? [[`organisationId=${withOrg}`, { organisationId: withOrg }] as [string, Partial<Parameters<typeof listAssets>[1]>]] : []),
  ];
  const box = { minLng: -1.91, minLat: 53.69, maxLng: -1.86, maxLat: 53.72 };
  const circle = { lat: 53.715, lng: -1.87, metres: 2500 };
  const boxQ = `bbox=${box.minLng},${box.minLat},${box.maxLng},${box.maxLat}`;
  const circleQ = `lat=${circle.lat}&lng=${circle.lng}&withinMetres=${circle.metres}`;
  let compared = 0;
  for (const [qs, f] of filters) {
    for (const [shape, where] of [[boxQ, { bbox: box }], [circleQ, { near: circle }], [`${boxQ}&${circleQ}`, { bbox: box, near: circle }]] as const) {
      const expected = await fullTable({ ...f, ...where, sort: 'name' });
      const res = await anon.get(`/api/assets?${shape}&${qs}&sort=name&limit=5000`);
      expect({ qs, shape, items: res.body.items }).toEqual({ qs, shape, items: expected });
      compared += expected.length;
    }
  }
  expect(compared).toBeGreaterThan(50);
  // Text without a sort: best match first, as the full tables rank it.
  const ranked = await anon.get(`/api/assets?${boxQ}&q=${encodeURIComponent('Asset 1')}&limit=5000`);
  expect(ranked.body.items.map((a: { id: string }) => a.id)).toEqual((await fullTable({ bbox: box, q: 'Asset 1', sort: undefined })).map((a: { id: string }) => a.id));
});

test('pages of a box and of a circle: each page\'s items, features and numberReturned are the full tables\' page', async () => {
  const box = { minLng: -1.91, minLat: 53.69, maxLng: -1.81, maxLat: 53.75 };
  const circle = { lat: 53.715, lng: -1.87, metres: 4000 };
  const boxQ = `bbox=${box.minLng},${box.minLat},${box.maxLng},${box.maxLat}`;
  const circleQ = `lat=${circle.lat}&lng=${circle.lng}&withinMetres=${circle.metres}`;
  const LIMIT = 4;
  let pages = 0;
  for (const [shape, where, sort] of [[boxQ, { bbox: box }, 'name'], [circleQ, { near: circle }, 'distance'], [circleQ, { near: circle }, 'name']] as const) {
    const all = await fullTable({ ...where, sort });
    expect(all.length).toBeGreaterThan(2 * LIMIT);
    for (let offset = 0; offset < all.length + LIMIT; offset += LIMIT) {
      const expected = all.slice(offset, offset + LIMIT);
      const json = (await anon.get(`/api/assets?${shape}&sort=${sort}&limit=${LIMIT}&offset=${offset}`)).body;
      expect({ shape, sort, offset, items: json.items, n: json.numberReturned }).toEqual({ shape, sort, offset, items: expected, n: expected.length });
      const geo = (await anon.get(`/api/assets?format=geojson&${shape}&sort=${sort}&limit=${LIMIT}&offset=${offset}`)).body;
      expect({ shape, sort, offset, features: geo.features, n: geo.numberReturned })
        .toEqual({ shape, sort, offset, features: JSON.parse(JSON.stringify(assetFeatures(expected, offset * 20 + 1))), n: expected.length });
      pages++;
    }
  }
  // Unordered (sort=none, a map's box): the pages together are every asset once, each page counted right.
  const all = (await fullTable({ bbox: box })).map((a: { id: string }) => a.id).sort();
  const seen: string[] = [];
  for (let offset = 0; offset < all.length + LIMIT; offset += LIMIT) {
    const json = (await anon.get(`/api/assets?${boxQ}&sort=none&limit=${LIMIT}&offset=${offset}`)).body;
    const geo = (await anon.get(`/api/assets?format=geojson&${boxQ}&sort=none&limit=${LIMIT}&offset=${offset}`)).body;
    expect(geo.numberReturned).toBe(json.items.length);
    expect(json.numberReturned).toBe(json.items.length);
    expect(new Set(geo.features.map((f: { properties: { assetId: string } }) => f.properties.assetId))).toEqual(new Set(json.items.map((a: { id: string }) => a.id)));
    seen.push(...json.items.map((a: { id: string }) => a.id));
  }
  expect(seen.sort()).toEqual(all);
  expect(pages).toBeGreaterThan(6);
});
