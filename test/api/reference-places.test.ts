import { createTestContext, type TestContext } from '../harness';
import { loadConfig } from '../../server/config';
import { placesWithin } from '../../seeds/place-labels';

let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

describe('town and village names for the offline basemap', () => {
  test('GeoNames places around the partnership, largest first, with their credit', async () => {
    const res = await (await ctx.as('anon')).get('/api/places');
    expect(res.status).toBe(200);
    expect(res.body.attribution).toBe('Place names: GeoNames (CC BY 4.0)');
    const names = res.body.features.map((f: { properties: { name: string } }) => f.properties.name);
    // The test boundary is central Halifax (−1.91…−1.81, 53.69…53.75) plus a 0.08° margin.
    const populations = res.body.features.map((f: { properties: { population: number } }) => f.properties.population);
    expect(populations).toEqual([...populations].sort((a: number, b: number) => b - a));
    expect(names).toEqual(expect.arrayContaining(['Halifax', 'Elland', 'Brighouse', 'Sowerby Bridge', 'Southowram']));
    expect(names).not.toContain('Todmorden'); // −2.10: outside the margin
    const halifax = res.body.features.find((f: { properties: { name: string } }) => f.properties.name === 'Halifax');
    expect(halifax.properties).toMatchObject({ rank: 1 });
    expect(halifax.properties.population).toBeGreaterThan(10_000);
    const southowram = res.body.features.find((f: { properties: { name: string } }) => f.properties.name === 'Southowram');
    expect(southowram.properties.rank).toBe(2);
  });

  test('the cut keeps places inside the box plus its margin only', () => {
    const city = (name: string, lng: number, lat: number) => ({ cityId: 1, name, country: 'GB', featureCode: 'PPL', population: 5000, loc: { coordinates: [lng, lat] as [number, number] } });
    const cut = placesWithin([city('In', 0.5, 0.5), city('Margin', 1.05, 0.5), city('Out', 1.2, 0.5)], [0, 0, 1, 1], 0.1);
    expect(cut.map((p) => p.name)).toEqual(['In', 'Margin']);
  });
});

describe('basemap settings', () => {
  test('online by default with an OpenStreetMap basemap and its attribution; offline under test', () => {
    const online = loadConfig({ NODE_ENV: 'production' });
    expect(online.basemapStyle?.url).toBe('https://tiles.openfreemap.org/styles/liberty');
    expect(online.basemap).toMatchObject({ url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' });
    expect(online.basemap!.attribution).toContain('OpenStreetMap');
    expect(loadConfig({ NODE_ENV: 'test' })).toMatchObject({ basemap: null, basemapStyle: null });
    expect(loadConfig({ NODE_ENV: 'production', WAYMARK_BASEMAP: 'offline' })).toMatchObject({ basemap: null, basemapStyle: null });
  });

  test("a partnership's own raster tiles serve every map unless a style is given", () => {
    const own = loadConfig({ NODE_ENV: 'production', WAYMARK_BASEMAP_URL: 'https://tiles.council.example/{z}/{x}/{y}.png', WAYMARK_BASEMAP_ATTRIBUTION: '© Council' });
    expect(own).toMatchObject({ basemap: { url: 'https://tiles.council.example/{z}/{x}/{y}.png', attribution: '© Council' }, basemapStyle: null });
    const both = loadConfig({ NODE_ENV: 'production', WAYMARK_BASEMAP_URL: 'https://t.example/{z}/{x}/{y}.png', WAYMARK_BASEMAP_STYLE_URL: 'https://t.example/style.json' });
    expect(both.basemapStyle).toEqual({ url: 'https://t.example/style.json' });
  });

  test('GET /api/config tells the client which (none, under test)', async () => {
    expect((await (await ctx.as('anon')).get('/api/config')).body).toMatchObject({ basemap: null, basemapStyle: null });
  });
});

describe('search ignores case and accents', () => {
  test('"cafe" finds "Café", and "CAFÉ" finds "Cafe"', async () => {
    const coord = await ctx.as('coordinator');
    for (const name of ['Café Calder Recovery', 'Cafe Ovenden Recovery']) {
      expect((await coord.post('/api/assets', { name, category: 'social_leisure_arts', publish: true, sites: [{ lat: 53.72, lng: -1.87 }] })).status).toBe(201);
    }
    const names = async (q: string) => (await (await ctx.as('anon')).get(`/api/assets?q=${encodeURIComponent(q)}`)).body.items.map((a: { name: string }) => a.name).sort();
    expect(await names('cafe')).toEqual(['Cafe Ovenden Recovery', 'Café Calder Recovery']);
    expect(await names('CAFÉ calder')).toEqual(['Café Calder Recovery']);
  });
});
