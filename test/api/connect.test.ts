import { createTestContext, type Client, type TestContext } from '../harness';
import { geodesicDistance, gridCellCentre } from '../geo-reference';
import { toWgs } from '../privacy/postcode-fixture';

/**
 * Issue 20, the community-connector finder: a fixture whose answer is known by hand, the
 * privacy rule (a sensitive place's distance is from its masking-cell centre), the plain
 * words, "none within reach", and that a search writes nothing.
 *
 * Everything sits in or near the 1 km BNG cell (409000–410000 E, 425000–426000 N). The
 * person's postcode is at (409300, 425300); k = 1, so with that one postcode in the cell
 * the refuge's public point is the cell centre (409500, 425500).
 */
let ctx: TestContext;
let anon: Client;
const origin = toWgs(409300, 425300);
const refugeExact = toWgs(409900, 425900); // 848.5 m from the person; its public point is 282.8 m away
const ids: Record<string, string> = {};

const womenEvening = { whoFor: ['women'], cost: 'free', wheelchairAccess: true, selfReferral: true };
const FIXTURE = [
  { key: 'circle', name: "Tuesday Evening Women's Circle", category: 'mutual_aid', ...womenEvening, schedule: [{ day: 2, start: '19:00', end: '20:30' }], phone: '01422 100200', sites: [{ ...toWgs(409300, 425800), venueName: 'Square Chapel', postcode: 'HX1 1QG' }] },
  { key: 'refuge', name: 'Calder Women’s Refuge Group', category: 'family_carer_support', ...womenEvening, sensitive: true, phone: '0800 100 200', schedule: [{ day: 1, start: '18:00', end: '19:30' }], sites: [{ ...refugeExact, venueName: 'Safe House', address: '1 Secret Street', postcode: 'HX1 5ZZ' }] },
  { key: 'morning', name: "Morning Women's Group", category: 'mutual_aid', ...womenEvening, schedule: [{ day: 2, start: '10:00', end: '11:00' }], sites: [toWgs(409300, 425350)] },
  { key: 'paid', name: "Paid Evening Women's Class", category: 'social_leisure_arts', ...womenEvening, cost: 'low_cost', schedule: [{ day: 3, start: '19:00' }], sites: [toWgs(409400, 425300)] },
  { key: 'mixed', name: 'Mixed Evening Meeting', category: 'mutual_aid', ...womenEvening, whoFor: [], schedule: [{ day: 4, start: '19:00' }], sites: [toWgs(409300, 425400)] },
  { key: 'steps', name: "Upstairs Women's Evening", category: 'mutual_aid', ...womenEvening, wheelchairAccess: null, schedule: [{ day: 5, start: '19:00' }], sites: [toWgs(409250, 425300)] },
  { key: 'cafe', name: 'Saturday Recovery Café', category: 'recovery_community', cost: 'free', tags: ['drop-in'], schedule: [{ day: 6, start: '10:00', end: '14:00' }], sites: [toWgs(406300, 425300)] },
  { key: 'online', name: "Online Women's Evening Group", category: 'mutual_aid', ...womenEvening, tags: ['online'], schedule: [{ day: 4, start: '19:30', end: '20:30' }], sites: [] },
];

beforeAll(async () => {
  ctx = await createTestContext();
  anon = await ctx.as('anon');
  const coord = await ctx.as('coordinator');
  await ctx.db.knex('partnership').update({ mask_min_postcodes: 1 });
  await ctx.db.knex('postcode').insert({ postcode: 'HX1 1ZZ', geom: ctx.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [origin.lng, origin.lat]), la_code: 'E08000033' });
  for (const { key, ...body } of FIXTURE) {
    const res = await coord.post('/api/assets', { ...body, publish: true });
    expect(res.status).toBe(201);
    ids[key] = res.body.asset.id;
  }
});
afterAll(async () => { await ctx.close(); });

const search = (client: Client, query: string) => client.get(`/api/connect/search?${query}`);
const byKey = (id: string) => Object.keys(ids).find((k) => ids[k] === id);

test('the known answer: women, weekday evening, free, step-free, self-referral, nearest first by the public point', async () => {
  const res = await search(anon, 'postcode=hx11zz&needs=' + encodeURIComponent("women's group on a weekday evening, free, step-free, self-referral"));
  expect(res.status).toBe(200);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.body.place).toMatchObject({ label: 'HX1 1ZZ', from: 'postcode' });
  expect(res.body.needs).toMatchObject({ whoFor: ['women'], days: [1, 2, 3, 4, 5], times: ['evening'], free: true, stepFree: true, selfReferral: true });
  // The refuge (282.8 m to its cell centre) before the circle (500 m); its exact point (848.5 m) would put it second.
  expect(res.body.results.map((r: { id: string }) => byKey(r.id))).toEqual(['refuge', 'circle']);
  expect(res.body.resultsInReach).toBe(2);
  expect(res.body.nearestBeyond).toBeNull();
  expect(res.body.distance).toBe('straight line');
  const circle = res.body.results[1];
  expect(circle.distanceMetres).toBeCloseTo(geodesicDistance(origin, toWgs(409300, 425800)), 0);
  expect(circle).toMatchObject({ waysIn: ['Self-refer'], cost: 'free', stepFree: true, contact: { phone: '01422 100200' },
    schedule: [{ day: 2, start: '19:00', end: '20:30' }], place: { venueName: 'Square Chapel', postcode: 'HX1 1QG', locationPrecision: 'exact' } });
  // The same search as separate filters gives the same list.
  const explicit = await search(anon, 'postcode=HX1%201ZZ&whoFor=women&days=1,2,3,4,5&times=evening&free=true&stepFree=true&selfReferral=true');
  expect(explicit.body.results.map((r: { id: string }) => r.id)).toEqual(res.body.results.map((r: { id: string }) => r.id));
});

test('PRIVACY: a sensitive record is its public entry, and its distance is to the masked point, for every role', async () => {
  const centre = gridCellCentre(refugeExact.lat, refugeExact.lng);
  const [maskedRow] = await ctx.db.knex('site').where({ id: (await ctx.db.knex('asset_site').where({ asset_id: ids.refuge }).first()).site_id })
    .select(ctx.db.knex.raw('ST_Y(geom_public) AS lat'), ctx.db.knex.raw('ST_X(geom_public) AS lng'));
  expect(geodesicDistance(maskedRow, centre)).toBeLessThan(0.5);
  for (const role of ['anon', 'volunteer', 'admin'] as const) {
    const res = await search(await ctx.as(role), 'postcode=HX1%201ZZ&whoFor=women&times=evening');
    const refuge = res.body.results.find((r: { id: string }) => r.id === ids.refuge);
    expect(refuge.place).toEqual({ venueName: null, address: null, postcode: 'HX1', lat: maskedRow.lat, lng: maskedRow.lng, locationPrecision: 'grid_1km' });
    expect(refuge.contact.phone).toBe('0800 100 200'); // the helpline is its public entry
    expect(refuge.distanceMetres).toBeCloseTo(geodesicDistance(origin, maskedRow), 0);
    expect(Math.abs(refuge.distanceMetres - geodesicDistance(origin, refugeExact))).toBeGreaterThan(500);
    expect(JSON.stringify(res.body)).not.toMatch(/Secret Street|Safe House|HX1 5ZZ/);
  }
});

test('each need narrows the list as it says', async () => {
  const names = async (query: string) => (await search(anon, `postcode=HX1%201ZZ&${query}`)).body.results.map((r: { id: string }) => byKey(r.id));
  expect(await names('whoFor=women&times=evening&stepFree=true')).toEqual(['paid', 'refuge', 'circle']);
  expect(await names('whoFor=women&times=evening&free=true')).toEqual(['steps', 'refuge', 'circle']);
  expect(await names('needs=weekday%20evening&free=true&stepFree=true')).toEqual(['mixed', 'refuge', 'circle']);
  expect(await names('needs=morning')).toEqual(['morning', 'cafe']);
  expect(await names('category=recovery_community&selfReferral=true')).toEqual(['cafe']); // a drop-in needs no referral
});

test('none within reach: the nearest beyond it, not an empty page', async () => {
  const res = await search(anon, 'postcode=HX1%201ZZ&category=recovery_community&withinKm=1');
  expect(res.body.results).toEqual([]);
  expect(byKey(res.body.nearestBeyond.id)).toBe('cafe');
  expect(res.body.nearestBeyond.distanceMetres).toBeCloseTo(geodesicDistance(origin, toWgs(406300, 425300)), 0);
  expect(res.body.nearestBeyond.waysIn).toEqual(['Drop in']);
});

test('online records with no place come with "online"; a town or a point is a place too', async () => {
  const online = await search(anon, 'lat=53.72&lng=-1.86&needs=online%20women');
  expect(online.body.online.map((r: { id: string }) => byKey(r.id))).toEqual(['online']);
  expect(online.body.online[0]).toMatchObject({ distanceMetres: null, place: null });
  expect(online.body.place).toEqual({ label: 'the point chosen', lat: 53.72, lng: -1.86, from: 'point' });
  const town = await search(anon, 'town=halifax');
  expect(town.status).toBe(200);
  expect(town.body.place).toMatchObject({ label: 'Halifax', from: 'town' });
});

test('bad or unknown places get a 4xx naming the field; a search writes nothing', async () => {
  const before = Number((await ctx.db.knex('audit_log').count('* as n').first())?.n);
  expect((await search(anon, 'postcode=HX9%209ZZ')).body.error.details).toEqual([{ field: 'query.postcode', message: 'is not in the postcode table' }]);
  expect((await search(anon, 'town=Atlantis')).status).toBe(404);
  const none = await search(anon, 'needs=women');
  expect(none.status).toBe(400);
  expect(none.body.error.details[0].field).toBe('query.postcode');
  expect((await search(anon, 'lat=53.7')).body.error.details[0].field).toBe('query.lng');
  expect((await search(anon, 'postcode=HX1%201ZZ&withinKm=500')).body.error.details[0].field).toBe('query.withinKm');
  expect(Number((await ctx.db.knex('audit_log').count('* as n').first())?.n)).toBe(before);
});
