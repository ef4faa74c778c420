import { booleanPointInPolygon } from '@turf/turf';
import { createTestContext, type Client, type TestContext } from '../harness';

/*
 * Dasymetric population, worked by hand in the fixture's 6 km square round Halifax, with
 * 1 km hexagons:
 *   Area A (1,000 people, decile 1): four live small-user postcodes, so each carries 250
 *     people to the hexagon it falls in; a large-user and a terminated postcode carry none.
 *   Area B (600 people, decile 10): no postcodes, and small enough to sit inside one
 *     hexagon, so its surface share puts all 600 there.
 *   Area C (other local authority): not the partnership's, ignored.
 * Which hexagon holds a point is checked here with turf, on the cells the API returns.
 */
let ctx: TestContext;
let commissioner: Client;

const square = (lng: number, lat: number, d: number) => ({ type: 'MultiPolygon', coordinates: [[[[lng - d, lat - d], [lng + d, lat - d], [lng + d, lat + d], [lng - d, lat + d], [lng - d, lat - d]]]] });
const A_POSTCODES = [[-1.895, 53.702], [-1.892, 53.705], [-1.885, 53.708], [-1.882, 53.709]];
const B = { lng: -1.85, lat: 53.73, d: 0.0002 };

beforeAll(async () => {
  ctx = await createTestContext();
  commissioner = await ctx.as('commissioner');
  const k = ctx.db.knex;
  const area = (code: string, la: string, geom: object, population: number, decile: number) => ({
    code, kind: 'lsoa11', name: `Test ${code}`, la_code: la, population, imd_decile: decile, imd_rank: decile * 3000,
    geom: k.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(geom)]),
  });
  await k('area').insert([
    area('E01000001', 'E08000033', { type: 'MultiPolygon', coordinates: [[[[-1.9, 53.7], [-1.88, 53.7], [-1.88, 53.71], [-1.9, 53.71], [-1.9, 53.7]]]] }, 1000, 1),
    area('E01000002', 'E08000033', square(B.lng, B.lat, B.d), 600, 10),
    area('E01000003', 'E08000034', square(-1.86, 53.72, 0.01), 5000, 5),
  ]);
  const pc = (postcode: string, [lng, lat]: number[], usertype: number, terminated: string | null = null) => ({
    postcode, lsoa11: 'E01000001', la_code: 'E08000033', usertype, terminated_on: terminated, geom: k.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lng, lat]),
  });
  await k('postcode').insert([
    ...A_POSTCODES.map((p, i) => pc(`HX9 ${i}AA`, p, 0)),
    pc('HX9 9LU', [-1.899, 53.701], 1),
    pc('HX9 9TT', [-1.899, 53.709], 0, '2019-01-01'),
  ]);
});
afterAll(async () => { await ctx.close(); });

test('people reach hexagons by their area\'s small-user postcodes, else by surface', async () => {
  const res = await commissioner.get('/api/gaps/cells?category=mutual_aid&cellSize=1000');
  const cells: { geometry: never; properties: { cell_id: string; population: number; imd_decile: number | null; area_name: string | null } }[] = JSON.parse(res.text).features;
  const cellOf = (lng: number, lat: number) => cells.find((c) => booleanPointInPolygon([lng, lat], c.geometry))!.properties.cell_id;
  const expected = new Map<string, number>();
  for (const [lng, lat] of A_POSTCODES) expected.set(cellOf(lng, lat), (expected.get(cellOf(lng, lat)) ?? 0) + 250);
  // Area B lies wholly inside one hexagon (all four corners in the same cell).
  const bCells = new Set([[-1, -1], [1, -1], [1, 1], [-1, 1]].map(([sx, sy]) => cellOf(B.lng + sx * B.d * 0.999, B.lat + sy * B.d * 0.999)));
  expect(bCells.size).toBe(1);
  const bCell = [...bCells][0];
  expected.set(bCell, (expected.get(bCell) ?? 0) + 600);

  const got = new Map(cells.filter((c) => c.properties.population > 0).map((c) => [c.properties.cell_id, c.properties.population]));
  expect(Object.fromEntries(got)).toEqual(Object.fromEntries(expected));
  expect(cells.find((c) => c.properties.cell_id === bCell)!.properties).toMatchObject({ imd_decile: 10, area_name: 'Test E01000002' });
  const summary = await commissioner.get('/api/gaps/summary?category=mutual_aid&cellSize=1000');
  expect(summary.body.categories[0]).toMatchObject({ population: 1600, mostDeprivedPopulation: 1000, populationInGaps: 1600 });
  expect(summary.body.areasWithoutPostcodes).toBe(1);
});
