import { createHash } from 'node:crypto';
import { loadReferenceGeography, readReferenceFiles } from '../../seeds/reference';
import { createTestContext, type Client, type TestContext } from '../harness';
import { gridCellCentre, toBng } from '../geo-reference';

/**
 * Coverage gaps through the API on the real Calderdale LSOAs, population, IMD and
 * postcodes (seeds/open-data), inside the fixture partnership's 6 km square round Halifax.
 */
let ctx: TestContext;
let coord: Client;
let commissioner: Client;
const files = readReferenceFiles();

async function publishedAsset(body: object): Promise<string> {
  const created = await coord.post('/api/assets', body);
  expect(created.status).toBe(201);
  const id = created.body.asset.id;
  expect((await coord.post(`/api/assets/${id}/publish`)).status).toBe(200);
  return id;
}

beforeAll(async () => {
  ctx = await createTestContext();
  await loadReferenceGeography(ctx.db.knex, files);
  coord = await ctx.as('coordinator');
  commissioner = await ctx.as('commissioner');
  await publishedAsset({ name: 'Gap Test AA', category: 'mutual_aid', sites: [{ lat: 53.7245, lng: -1.862 }] });
  await publishedAsset({ name: 'Gap Test SMART', category: 'mutual_aid', whoFor: ['women'], sites: [{ lat: 53.705, lng: -1.84 }] });
  await publishedAsset({ name: 'Gap Test Café', category: 'recovery_community', sites: [{ lat: 53.73, lng: -1.87 }] });
  const pending = await coord.post('/api/assets', { name: 'Gap Test Pending', category: 'mutual_aid', sites: [{ lat: 53.71, lng: -1.9 }] });
  expect(pending.status).toBe(201);
});
afterAll(async () => { await ctx.close(); });

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

test('areas as cells carry exactly the population of the files', async () => {
  const res = await commissioner.get('/api/gaps/cells?category=mutual_aid&cells=lsoa');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toContain('application/geo+json');
  const fc = JSON.parse(res.text);
  expect(fc.features).toHaveLength(files.areas.length);
  const total = fc.features.reduce((s: number, f: { properties: { population: number } }) => s + f.properties.population, 0);
  expect(total).toBe(files.areas.reduce((s, a) => s + (a.population ?? 0), 0));
});

test('hexagon cells: the measures come from published assets only, with a real nearest distance', async () => {
  const res = await commissioner.get('/api/gaps/cells?category=mutual_aid&cellSize=500&threshold=2000');
  const fc = JSON.parse(res.text);
  expect(fc.features.length).toBeGreaterThan(50);
  const props = fc.features.map((f: { properties: Record<string, number> }) => f.properties);
  // The cell holding the Halifax AA site has it within its own hexagon (≤ 500 m from the centroid).
  const nearest = Math.min(...props.map((p: { nearest_m: number }) => p.nearest_m));
  expect(nearest).toBeLessThan(500);
  // Two published mutual-aid sites 2.6 km apart: cells between count both, none counts the pending one.
  expect(Math.max(...props.map((p: { count_within: number }) => p.count_within))).toBe(2);
  const people = props.reduce((s: number, p: { population: number }) => s + p.population, 0);
  expect(people).toBeGreaterThan(30000);
  // The population-weighted mean of e2sfca_norm is 1 by construction.
  const mean = props.reduce((s: number, p: { population: number; e2sfca_norm: number }) => s + p.population * p.e2sfca_norm, 0) / people;
  expect(mean).toBeCloseTo(1, 2);
});

test('CSV: one row per cell and category with the agreed columns; identical on both engines', async () => {
  const res = await commissioner.get('/api/gaps/cells.csv?category=mutual_aid,recovery_community&cellSize=1000');
  expect(res.status).toBe(200);
  const lines = res.text.trim().split('\r\n');
  expect(lines[0]).toBe('cell_id,x,y,population,imd_decile,category,nearest_m,count_within,e2sfca,e2sfca_norm,gap,gap_score,area_code,area_name');
  const cells = JSON.parse((await commissioner.get('/api/gaps/cells?category=mutual_aid&cellSize=1000')).text).features.length;
  expect(lines.length - 1).toBe(2 * cells);
  // nearest_m checked independently: proj4 puts the two mutual-aid sites on the grid.
  const sites = [toBng(53.7245, -1.862), toBng(53.705, -1.84)];
  for (const line of lines.slice(1).filter((l) => l.includes(',mutual_aid,'))) {
    const [, x, y, , , , nearest] = line.split(',');
    const expected = Math.min(...sites.map(([e, n]) => Math.hypot(e - Number(x), n - Number(y))));
    expect(Math.abs(Number(nearest) - expected)).toBeLessThan(0.5);
  }
  // The same digest is expected from the embedded engine and from PostgreSQL (CI runs both).
  expect({ rows: lines.length - 1, sha256: sha(res.text) }).toEqual(EXPECTED_CSV);
});
const EXPECTED_CSV = { rows: 50, sha256: '9f3ed05f78acc0f96d7df8a4ca6d3f53b8f41c16e9ba37605815b56a56f60292' };

test('summary per category names the worst gaps by LSOA', async () => {
  const res = await commissioner.get('/api/gaps/summary?category=mutual_aid,housing');
  expect(res.status).toBe(200);
  const [mutualAid, housing] = res.body.categories;
  expect(mutualAid.supplyPoints).toBe(2);
  expect(housing.supplyPoints).toBe(0);
  expect(housing.populationCovered).toBe(0);
  expect(housing.populationInGaps).toBe(housing.population);
  expect(mutualAid.populationCovered + mutualAid.populationNotCovered).toBeCloseTo(mutualAid.population, 0);
  expect(mutualAid.worstGaps[0].areaName).toMatch(/^Calderdale \d{3}[A-Z]$/);
  expect(mutualAid.worstGaps[0].gap_score).toBeGreaterThanOrEqual(mutualAid.worstGaps[1].gap_score);
});

test('population group: supply is what lists the group', async () => {
  const res = await commissioner.get('/api/gaps/summary?category=mutual_aid&group=women');
  expect(res.body.categories[0].supplyPoints).toBe(1);
  expect(res.body.demand).toBe('total_population'); // no group counts were imported
});

test('what-if: a hypothetical asset changes the numbers and is never saved', async () => {
  const before = await ctx.db.knex('asset').count('* as n');
  const res = await commissioner.post('/api/gaps/what-if', { category: 'housing', assets: [{ lat: 53.72, lng: -1.86 }] });
  expect(res.status).toBe(200);
  expect(res.body.before.populationCovered).toBe(0);
  expect(res.body.after.populationCovered).toBeGreaterThan(0);
  expect(res.body.difference.populationCovered).toBe(res.body.after.populationCovered);
  const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
  expect(res.body.summary.outOfReach).toContain(`${fmt(res.body.before.populationNotCovered)} → ${fmt(res.body.after.populationNotCovered)}`);
  expect(res.body.cells.length).toBeGreaterThan(0);
  expect(res.body.cells.every((c: { before: { count_within: number } }) => c.before.count_within === 0)).toBe(true);
  expect(res.body.cells.filter((c: { after: { count_within: number } }) => c.after.count_within === 1).length).toBeGreaterThan(0);
  expect(await ctx.db.knex('asset').count('* as n')).toEqual(before);
});

test('suggestions: greedy sites, each explained, never covering the same people twice', async () => {
  const res = await commissioner.get('/api/gaps/suggestions?category=housing&k=3&threshold=800');
  expect(res.status).toBe(200);
  expect(res.body.suggestions).toHaveLength(3);
  const [first, second] = res.body.suggestions;
  expect(first.weightedPopulation).toBeGreaterThanOrEqual(second.weightedPopulation);
  expect(first.explanation).toContain('people within 800 m');
  // Placing the first suggestion as a what-if covers exactly the people it promised.
  const whatIf = await commissioner.post('/api/gaps/what-if', { category: 'housing', threshold: 800, assets: [{ lat: first.lat, lng: first.lng }] });
  expect(whatIf.body.difference.populationCovered).toBeCloseTo(first.population, 0);
});

test('results are cached per data version and recomputed when assets change', async () => {
  const url = '/api/gaps/summary?category=recovery_community';
  const first = await commissioner.get(url);
  const again = await commissioner.get(url);
  expect(again.body.dataVersion).toBe(first.body.dataVersion);
  await publishedAsset({ name: 'Gap Test Café 2', category: 'recovery_community', sites: [{ lat: 53.70, lng: -1.83 }] });
  const after = await commissioner.get(url);
  expect(after.body.dataVersion).not.toBe(first.body.dataVersion);
  expect(after.body.categories[0].supplyPoints).toBe(first.body.categories[0].supplyPoints + 1);
});

test('a sensitive site takes part at its masked point: moving it within its 1 km cell changes nothing', async () => {
  const exact = { lat: 53.7162, lng: -1.8711 };
  const id = await publishedAsset({ name: 'Gap Test Refuge', category: 'housing', sensitive: true, sites: [{ ...exact }] });
  const outputs = async () => {
    const q = 'category=housing&cellSize=250&threshold=300';
    return [(await commissioner.get(`/api/gaps/cells.csv?${q}`)).text, JSON.stringify((await coord.get(`/api/gaps/summary?${q}`)).body.categories)];
  };
  const atFirst = await outputs();
  // Move the exact point ~200 m but keep it in the same British National Grid kilometre.
  const cell = gridCellCentre(exact.lat, exact.lng);
  const moved = gridCellCentre(exact.lat + 0.0015, exact.lng + 0.002);
  expect([moved.easting, moved.northing]).toEqual([cell.easting, cell.northing]);
  const site = await ctx.db.knex('asset_site').where({ asset_id: id }).first();
  await ctx.db.knex('site').where({ id: site.site_id }).update({ geom: ctx.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [exact.lng + 0.002, exact.lat + 0.0015]) });
  const afterMove = await outputs();
  expect(afterMove).toEqual(atFirst);
  // The nearest distances are measured to the 1 km cell centre, not to the exact point.
  expect(atFirst[0]).toContain('category');
});

test('bad parameters are 400s naming the field', async () => {
  const bands = await commissioner.get('/api/gaps/cells?category=mutual_aid&bands=800,1600&weights=1');
  expect(bands.status).toBe(400);
  expect(bands.body.error.details[0].field).toBe('query.weights');
  const order = await commissioner.get('/api/gaps/cells?category=mutual_aid&bands=1600,800&weights=1,0.5');
  expect(order.body.error.details[0].field).toBe('query.bands');
  const finest = await commissioner.get('/api/gaps/cells?category=mutual_aid&cellSize=250&cells=hex&threshold=900&gapFraction=0.5&areaKind=lsoa11');
  expect(finest.status).toBe(200); // the smallest allowed size (test/api/gaps-bounds.test.ts refuses the others)
  const unknown = await commissioner.get('/api/gaps/cells?category=mutual_aid&colour=red');
  expect(unknown.body.error.details[0].field).toBe('query.colour');
  const far = await commissioner.post('/api/gaps/what-if', { category: 'housing', assets: [{ lat: 10, lng: -1.86 }] });
  expect(far.status).toBe(400);
  expect(far.body.error.details[0].field).toBe('assets.0.lat');
});

test('hexagon populations agree with a spatial join against PostGIS\'s own hexagons (every Calderdale postcode)', async () => {
  const k = ctx.db.knex;
  // The oracle: each live small-user postcode in the ST_HexagonGrid hexagon that contains it;
  // areas without one spread by surface. Independent of the arithmetic the API uses.
  const { rows } = await k.raw(`
    WITH b AS (SELECT ST_Transform(boundary, 27700) AS g FROM partnership),
    hex AS (SELECT h.i, h.j, h.geom FROM b CROSS JOIN LATERAL ST_HexagonGrid(500, b.g) h WHERE ST_Intersects(h.geom, b.g)),
    areas AS (SELECT code, population, ST_Transform(geom, 27700) AS g FROM area WHERE la_code = 'E08000033'),
    pc AS (SELECT p.lsoa11 AS code, ST_Transform(p.geom, 27700) AS g FROM postcode p JOIN areas a ON a.code = p.lsoa11
            WHERE coalesce(p.usertype, 0) = 0 AND p.terminated_on IS NULL),
    totals AS (SELECT code, count(*) AS n FROM pc GROUP BY code),
    by_postcode AS (
      SELECT 'h500_' || h.i || '_' || h.j AS id, sum(a.population::float8 / t.n) AS people
        FROM pc JOIN hex h ON ST_Intersects(h.geom, pc.g) JOIN totals t ON t.code = pc.code JOIN areas a ON a.code = pc.code
       GROUP BY 1),
    by_surface AS (
      SELECT 'h500_' || h.i || '_' || h.j AS id, sum(a.population * ST_Area(ST_Intersection(h.geom, a.g)) / ST_Area(a.g)) AS people
        FROM areas a JOIN hex h ON ST_Intersects(h.geom, a.g) WHERE a.code NOT IN (SELECT code FROM totals)
       GROUP BY 1)
    SELECT id, sum(people) AS people FROM (SELECT * FROM by_postcode UNION ALL SELECT * FROM by_surface) u GROUP BY id`);
  const expected = new Map<string, number>(rows.map((r: { id: string; people: number }) => [r.id, r.people]));
  const cells = JSON.parse((await commissioner.get('/api/gaps/cells?category=mutual_aid&cellSize=500')).text).features;
  let compared = 0;
  for (const f of cells) {
    expect(Math.abs(f.properties.population - (expected.get(f.properties.cell_id) ?? 0))).toBeLessThan(0.06);
    compared++;
  }
  expect(compared).toBeGreaterThan(80); // 6 km square, 500 m hexagons
});
