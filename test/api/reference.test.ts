import { createTestContext, type TestContext } from '../harness';
import { TEST_BOUNDARY } from '../fixture';
import { loadReferenceGeography, readReferenceFiles } from '../../seeds/reference';
import { REFERENCE_FILES, readSeedFile } from '../../seeds/reference-files';
import { OGL_ATTRIBUTION } from '../../server/reference/service';
import { loadConfig } from '../../server/config';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await loadReferenceGeography(ctx.db.knex, readReferenceFiles());
});
afterAll(async () => ctx.close());

// Expected values straight from the shipped files' text and JSON, not through the loaders.
const csvLines = (name: string) => readSeedFile(name).split(/\r?\n/).filter((l) => l.trim() !== '').slice(1);
const lsoaJson = JSON.parse(readSeedFile(REFERENCE_FILES.lsoaBoundaries)) as {
  features: { properties: { LSOA11CD: string }; geometry: { coordinates: number[][][] } }[];
};

describe('GET /api/partnership', () => {
  test('name, local authorities, the outline, its bbox and the OGL attribution, for anyone', async () => {
    const res = await (await ctx.as('anon')).get('/api/partnership');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Test Partnership', laCodes: ['E08000033'], attribution: OGL_ATTRIBUTION });
    expect(res.body.boundary).toEqual(TEST_BOUNDARY);
    // The fixture's outline is the square -1.91..-1.81 × 53.69..53.75.
    expect(res.body.bbox).toEqual([-1.91, 53.69, -1.81, 53.75]);
    expect(OGL_ATTRIBUTION).toBe(
      'Contains National Statistics data © Crown copyright and database right; contains OS data © Crown copyright and database right',
    );
  });

  test('with no outline, the bbox frames the partnership’s LSOAs', async () => {
    const coordinates = lsoaJson.features.flatMap((f) => f.geometry.coordinates.flat());
    const expected = [
      Math.min(...coordinates.map((c) => c[0])),
      Math.min(...coordinates.map((c) => c[1])),
      Math.max(...coordinates.map((c) => c[0])),
      Math.max(...coordinates.map((c) => c[1])),
    ];
    await ctx.db.knex('partnership').update({ boundary: null });
    try {
      const res = await (await ctx.as('anon')).get('/api/partnership');
      expect(res.body.boundary).toBeNull();
      expect(res.body.bbox).toHaveLength(4);
      res.body.bbox.forEach((v: number, i: number) => expect(v).toBeCloseTo(expected[i], 9));
    } finally {
      await ctx.db.knex('partnership').update({ boundary: ctx.db.knex.raw('ST_GeomFromGeoJSON(?)', [JSON.stringify(TEST_BOUNDARY)]) });
    }
  });
});

describe('GET /api/areas', () => {
  test('a FeatureCollection of the 128 Calderdale LSOAs with population and IMD from the IoD files', async () => {
    const res = await (await ctx.as('anon')).get('/api/areas');
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('FeatureCollection');
    expect(res.body.features).toHaveLength(lsoaJson.features.length);

    const imd = new Map(csvLines(REFERENCE_FILES.imd).map((l) => {
      const [code, , , , ...rest] = l.split(',');
      const decile = Number(rest[rest.length - 1]);
      const rank = Number(rest.slice(0, -1).join('').replace(/"/g, ''));
      return [code, { rank, decile }];
    }));
    // The fifth field: quoted when it has a thousands separator ("1,745"), bare otherwise.
    const population = new Map(csvLines(REFERENCE_FILES.population).map((l) => {
      const m = l.match(/^[^,]+,[^,]+,[^,]+,[^,]+,(?:"([\d,]+)"|(\d+)),/)!;
      return [l.split(',')[0], Number((m[1] ?? m[2]).replace(/,/g, ''))];
    }));

    for (const f of res.body.features) {
      expect(f.geometry.type).toBe('MultiPolygon');
      expect(f.properties).toEqual({
        code: f.properties.code,
        name: expect.stringMatching(/^Calderdale \d{3}[A-Z]$/),
        population: population.get(f.properties.code),
        imdRank: imd.get(f.properties.code)!.rank,
        imdDecile: imd.get(f.properties.code)!.decile,
      });
    }
    const first = res.body.features.find((f: { properties: { code: string } }) => f.properties.code === 'E01010875');
    expect(first.properties).toMatchObject({ name: 'Calderdale 019A', population: 1745, imdRank: 29263, imdDecile: 9 });
  });
});

describe('GET /api/postcodes/:postcode', () => {
  test('HX1 1AA is at 53.724334, -1.857458 in E01010994, live; typed loosely it is still found', async () => {
    const anon = await ctx.as('anon');
    for (const typed of ['HX1 1AA', 'hx11aa', 'hx1 1aa']) {
      const res = await anon.get(`/api/postcodes/${typed.replace(/ /g, '%20')}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ postcode: 'HX1 1AA', lat: 53.724334, lng: -1.857458, lsoa11: 'E01010994', terminated: false });
    }
  });

  test('a terminated postcode says so', async () => {
    const res = await (await ctx.as('anon')).get('/api/postcodes/HX1%201AB');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ postcode: 'HX1 1AB', terminated: true, lat: 53.725515, lng: -1.860394 });
  });

  test('400 for what is not a postcode, 404 for one we do not have', async () => {
    const anon = await ctx.as('anon');
    const bad = await anon.get('/api/postcodes/not-a-postcode');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('params.postcode');
    const unknown = await anon.get('/api/postcodes/ZZ9%209ZZ');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });
});

describe('when the main map reads vector tiles', () => {
  test('WAYMARK_MAP_TILES_FROM: 3000 by default, set from the environment, handed to the client by /api/config', async () => {
    expect(loadConfig({ NODE_ENV: 'test' }).mapTilesFrom).toBe(3000);
    expect(loadConfig({ NODE_ENV: 'test', WAYMARK_MAP_TILES_FROM: '50' }).mapTilesFrom).toBe(50);
    expect(() => loadConfig({ NODE_ENV: 'test', WAYMARK_MAP_TILES_FROM: 'many' })).toThrow(/WAYMARK_MAP_TILES_FROM/);
    expect((await (await ctx.as('anon')).get('/api/config')).body.mapTilesFrom).toBe(3000);
  });

  test('/api/partnership counts published places: one per published asset and site, nothing pending', async () => {
    const before = (await (await ctx.as('anon')).get('/api/partnership')).body.publishedPlaces;
    const coordinator = await ctx.as('coordinator');
    const volunteer = await ctx.as('volunteer');
    const created = await Promise.all([
      // Two sites: two places.
      coordinator.post('/api/assets', { name: 'Two-site service', category: 'treatment', publish: true, sites: [{ lat: 53.72, lng: -1.86 }, { lat: 53.70, lng: -1.84 }] }),
      coordinator.post('/api/assets', { name: 'One-site group', category: 'mutual_aid', publish: true, sites: [{ lat: 53.73, lng: -1.88 }] }),
      // Pending: not on the public map.
      volunteer.post('/api/assets', { name: 'Pending drop-in', category: 'advice', sites: [{ lat: 53.74, lng: -1.86 }] }),
    ]);
    for (const res of created) expect(res.status).toBe(201);
    const after = (await (await ctx.as('anon')).get('/api/partnership')).body.publishedPlaces;
    expect(after - before).toBe(3);
  });
});
