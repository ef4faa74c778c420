import { createTestContext, type Client, type TestContext } from '../harness';
import { geodesicDistance, gridCellCentre } from '../geo-reference';
import { FIXTURE_REFUGES, expectedMask, fixturePostcodes, insertPostcodes, toWgs, type SyntheticPostcode } from './postcode-fixture';

/**
 * Issue 5, item 3: the masking cell holds at least k live postcodes of the outward code
 * shown (1 km → 2 km → outward code), kept by the site trigger on every write path, and
 * checked against an independent proj4 reference (postcode-fixture.ts).
 */
let ctx: TestContext;
let coord: Client;
let anon: Client;
const postcodes: SyntheticPostcode[] = fixturePostcodes();
const ids: Record<string, string> = {};

beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
  anon = await ctx.as('anon');
});
afterAll(async () => { await ctx.close(); });

async function createRefuge(r: { name: string; lat: number; lng: number; postcode: string | null }): Promise<string> {
  const res = await coord.post('/api/assets', {
    name: r.name, category: 'housing', sensitive: true, publish: true,
    sites: [{ lat: r.lat, lng: r.lng, postcode: r.postcode, address: '1 Hidden Row' }],
  });
  expect(res.status).toBe(201);
  return res.body.asset.id;
}

async function publicSite(id: string) {
  const res = await anon.get(`/api/assets/${id}`);
  expect(res.status).toBe(200);
  return res.body.sites[0] as { lat: number; lng: number; postcode: string | null; locationPrecision: string; address: string | null };
}

test('with no postcode data loaded, the 1 km cell is kept (nothing to count)', async () => {
  expect(Number((await ctx.db.knex('postcode').count('* as n'))[0].n)).toBe(0);
  ids.one = await createRefuge(FIXTURE_REFUGES[0]);
  const seen = await publicSite(ids.one);
  expect(seen.locationPrecision).toBe('grid_1km');
  expect(geodesicDistance(seen, gridCellCentre(FIXTURE_REFUGES[0].lat, FIXTURE_REFUGES[0].lng))).toBeLessThan(1);
});

test('the fixture needs each precision for the reason the rules give (hand-counted)', () => {
  const [one, two, three] = FIXTURE_REFUGES.map((r) => expectedMask(r, postcodes, 20));
  // One: 25 live HX1 in its 1 km cell; the 6 terminated and 7 HX3 there are not counted.
  expect([one.precision, one.count1km]).toEqual(['grid_1km', 25]);
  // Two: 8 HX3 in the 1 km cell (the 12 HX1 there do not count), 8 + 15 = 23 in the 2 km cell.
  expect([two.precision, two.count1km, two.count2km]).toEqual(['grid_2km', 8, 23]);
  // Three: 5 and 10 HX2: widened to the HX2 district.
  expect([three.precision, three.count1km, three.count2km]).toEqual(['outward_code', 5, 10]);
  // No refuge sits on a postcode centroid.
  for (const r of FIXTURE_REFUGES) expect(Math.min(...postcodes.map((p) => geodesicDistance(p, r)))).toBeGreaterThan(20);
});

test('loading postcodes re-masks existing sensitive sites, and new ones get the cell the k-rule picks', async () => {
  await insertPostcodes(ctx.db.knex, postcodes);
  ids.two = await createRefuge(FIXTURE_REFUGES[1]);
  ids.three = await createRefuge(FIXTURE_REFUGES[2]);
  for (const r of FIXTURE_REFUGES) {
    const expected = expectedMask(r, postcodes, 20);
    const seen = await publicSite(ids[r.key]);
    expect({ key: r.key, precision: seen.locationPrecision }).toEqual({ key: r.key, precision: r.expect });
    expect(geodesicDistance(seen, expected)).toBeLessThan(1);
    expect(seen.postcode).toBe(r.postcode.split(' ')[0]);
    expect(seen.address).toBeNull();
    // A grid cell's masking area holds the exact point; the outward code's is the hull of its live
    // postcodes alone (never shaped by the exact point). Coordinators still see the exact point.
    const { rows } = await ctx.db.knex.raw(
      `SELECT ST_Covers(s.geom_mask_area, s.geom) AS covers,
              ST_Equals(s.geom_mask_area, (SELECT ST_ConvexHull(ST_Collect(geom)) FROM postcode WHERE postcode LIKE 'HX2 %' AND terminated_on IS NULL)) AS hx2_hull
       FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = ?`, [ids[r.key]]);
    expect(r.expect === 'outward_code' ? rows[0].hx2_hull : rows[0].covers).toBe(true);
    const exact = (await coord.get(`/api/assets/${ids[r.key]}`)).body.sites[0];
    expect(exact).toMatchObject({ locationPrecision: 'exact', lat: r.lat, lng: r.lng });
  }
});

test('k is per partnership: raising it widens the cells at once, lowering it narrows them back', async () => {
  await ctx.db.knex('partnership').update({ mask_min_postcodes: 30 });
  const widened = await publicSite(ids.one);
  const expected30 = expectedMask(FIXTURE_REFUGES[0], postcodes, 30);
  expect(expected30.precision).toBe('outward_code'); // 25 in 1 km and 2 km < 30
  expect(widened.locationPrecision).toBe('outward_code');
  expect(geodesicDistance(widened, expected30)).toBeLessThan(1);
  await ctx.db.knex('partnership').update({ mask_min_postcodes: 20 });
  expect((await publicSite(ids.one)).locationPrecision).toBe('grid_1km');
});

test('a sensitive site with no postcode counts every outward code (none is shown)', async () => {
  const r = { name: 'Unlabelled Safe Flat', lat: FIXTURE_REFUGES[1].lat, lng: FIXTURE_REFUGES[1].lng, postcode: null };
  const expected = expectedMask(r, postcodes, 20);
  expect([expected.precision, expected.count1km]).toEqual(['grid_1km', 20]); // 8 HX3 + 12 HX1
  const seen = await publicSite(await createRefuge(r));
  expect(seen.locationPrecision).toBe('grid_1km');
  expect(seen.postcode).toBeNull();
  expect(geodesicDistance(seen, expected)).toBeLessThan(1);
});

test('terminating postcodes widens a cell that no longer holds k live ones', async () => {
  // Terminate 6 of refuge one's 25 HX1 postcodes: 19 < 20 in its 1 km and 2 km cells.
  const hx1InCell = postcodes.filter((p) => p.live && p.postcode.startsWith('HX1 ')).slice(0, 6).map((p) => p.postcode);
  await ctx.db.knex('postcode').whereIn('postcode', hx1InCell).update({ terminated_on: '2024-01-01' });
  const after = postcodes.map((p) => (hx1InCell.includes(p.postcode) ? { ...p, live: false } : p));
  const expected = expectedMask(FIXTURE_REFUGES[0], after, 20);
  expect(expected.precision).toBe('outward_code');
  const seen = await publicSite(ids.one);
  expect(seen.locationPrecision).toBe('outward_code');
  expect(geodesicDistance(seen, expected)).toBeLessThan(1);
  expect(geodesicDistance(seen, toWgs(408500, 425500))).toBeGreaterThan(100); // no longer the 1 km centre
});
