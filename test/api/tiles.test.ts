import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { createTestContext, type Client, type TestContext } from '../harness';
import { assetTileInNode } from '../../server/tiles/service';
import { assetTileMvt, hasStAsMvt } from '../../server/tiles/repo';
import { tileBox, type TileId } from '../../server/tiles/tile-math';
import { currentPartnership } from '../../server/partnerships/repo';

/**
 * Issue 10: vector tiles of the public read model. A tile holds exactly the GeoJSON
 * listing's features that fall in it (same ids and properties, the same public point to
 * within the tile grid), whichever engine built it; ST_AsMVT (a server) and geojson-vt
 * (the embedded engine) give the same features.
 */
let ctx: TestContext;
let anon: Client, coord: Client;
beforeAll(async () => {
  ctx = await createTestContext();
  [anon, coord] = await Promise.all([ctx.as('anon'), ctx.as('coordinator')]);
  const made = async (body: object) => {
    const res = await coord.post('/api/assets', { publish: true, confirmOutsideBoundary: true, ...body });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    return res.body.asset;
  };
  const refuge = await made({ name: 'Tile Test Refuge', category: 'housing', sensitive: true, sites: [{ lat: 53.7231, lng: -1.8573, address: '9 Hidden Row', postcode: 'HX1 2QQ', venueName: 'The House' }] });
  // A café at the refuge's place (so the place is masked for it too) and at a place of its own.
  await made({ name: 'Tile Test Café', category: 'social_leisure_arts', whoFor: ['women', 'lgbtq'], peerLed: true, sites: [{ id: refuge.sites[0].id }, { lat: 53.7262, lng: -1.8655, venueName: 'Square Chapel' }] });
  for (let i = 0; i < 30; i++) {
    await made({ name: `Tile Test Meeting ${i}`, category: 'mutual_aid', sites: [{ lat: 53.70 + (i % 6) * 0.008, lng: -1.90 + Math.floor(i / 6) * 0.017 }] });
  }
});
afterAll(async () => { await ctx.close(); });

type Decoded = { assetId: string; siteId: string; lng: number; lat: number; properties: Record<string, unknown> };

function decode(buf: Buffer, tile: TileId): Decoded[] {
  if (!buf.length) return [];
  const layer = new VectorTile(new PbfReader(buf)).layers.assets;
  expect(layer.extent).toBe(4096);
  return Array.from({ length: layer.length }, (_, i) => {
    const f = layer.feature(i);
    const g = f.toGeoJSON(tile.x, tile.y, tile.z).geometry as unknown as { coordinates: [number, number] };
    return { assetId: String(f.properties.assetId), siteId: String(f.properties.siteId), lng: g.coordinates[0], lat: g.coordinates[1], properties: f.properties };
  }).sort((a, b) => `${a.siteId}${a.assetId}`.localeCompare(`${b.siteId}${b.assetId}`));
}

/** A tile request, its body kept as bytes. */
const getTile = (client: Client, url: string) => client.get(url).responseType('blob');

const key = (f: { assetId: string; siteId: string }) => `${f.siteId}|${f.assetId}`;
const tileOf = (lat: number, lng: number, z: number): TileId => {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lng + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
};

/** The GeoJSON listing's features (anonymous, so public points) inside a tile's own box. */
async function geojsonIn(tile: TileId) {
  const b = tileBox(tile);
  const res = await anon.get(`/api/assets?format=geojson&limit=5000&bbox=${b.minLng},${b.minLat},${b.maxLng},${b.maxLat}`);
  expect(res.status).toBe(200);
  type F = { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> & { assetId: string; siteId: string } };
  return (res.body.features as F[])
    .filter((f) => { const [lng, lat] = f.geometry.coordinates; return lng >= b.minLng && lng < b.maxLng && lat > b.minLat && lat <= b.maxLat; });
}

test.each([12, 13, 14])('a z%i tile holds exactly the GeoJSON features in it, with the same properties and public points', async (z) => {
  const tile = tileOf(53.7231, -1.8573, z);
  const res = await getTile(anon, `/tiles/assets/${tile.z}/${tile.x}/${tile.y}.mvt`);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/application\/vnd\.mapbox-vector-tile/);
  const inTile = decode(res.body, tile);
  const b = tileBox(tile);
  const own = inTile.filter((f) => f.lng >= b.minLng && f.lng < b.maxLng && f.lat > b.minLat && f.lat <= b.maxLat);
  const geo = await geojsonIn(tile);
  expect(geo.length).toBeGreaterThan(2);
  expect(own.map(key).sort()).toEqual(geo.map((f) => key(f.properties)).sort());
  // One tile unit (1/4096 of its side) is the grid a tile's points are snapped to.
  const unit = (b.maxLng - b.minLng) / 4096;
  for (const f of geo) {
    const t = own.find((o) => key(o) === key(f.properties))!;
    expect(Math.abs(t.lng - f.geometry.coordinates[0])).toBeLessThanOrEqual(unit);
    expect(Math.abs(t.lat - f.geometry.coordinates[1])).toBeLessThanOrEqual(unit);
    const p = f.properties;
    const expected: Record<string, unknown> = {
      assetId: p.assetId, siteId: p.siteId, name: p.name, category: p.category, sensitive: p.sensitive,
      locationPrecision: p.locationPrecision, peerLed: p.peerLed, whoFor: (p.whoFor as string[]).join(','),
      organisationName: p.organisationName, venueName: p.venueName,
    };
    for (const k of Object.keys(expected)) if (expected[k] === null) delete expected[k];
    expect(t.properties).toEqual(expected);
  }
  // The refuge's place is its masking cell's centre in the tile too, and carries no venue.
  const refuge = own.filter((f) => f.properties.locationPrecision !== "exact");
  expect(refuge.length).toBe(2);
  for (const r of refuge) expect(r.properties.venueName).toBeUndefined();
});

test('both builders give the same features: ST_AsMVT (where PostGIS has it) and geojson-vt', async () => {
  const partnership = await currentPartnership(ctx.db.knex);
  // A PostgreSQL/PostGIS server has ST_AsMVT, so there the comparison below must run.
  if (process.env.TEST_DATABASE_URL) expect(await hasStAsMvt(ctx.db.knex)).toBe(true);
  for (const z of [10, 13, 14, 16]) {
    const tile = tileOf(53.7231, -1.8573, z);
    const node = decode(await assetTileInNode(ctx.db.knex, partnership.id, tile), tile);
    expect(node.length).toBeGreaterThan(0);
    if (!(await hasStAsMvt(ctx.db.knex))) continue; // the embedded engine: no ST_AsMVT to compare with
    const mvt = decode(await assetTileMvt(ctx.db.knex, partnership.id, tile), tile);
    expect(mvt.map((f) => [key(f), f.properties])).toEqual(node.map((f) => [key(f), f.properties]));
    const unit = 360 / 2 ** z / 4096;
    for (let i = 0; i < mvt.length; i++) {
      expect(Math.abs(mvt[i].lng - node[i].lng)).toBeLessThanOrEqual(unit);
      expect(Math.abs(mvt[i].lat - node[i].lat)).toBeLessThanOrEqual(unit);
    }
  }
});

test('a tile is the same public view for every viewer, with an ETag from the data version', async () => {
  const tile = tileOf(53.7231, -1.8573, 14);
  const url = `/tiles/assets/${tile.z}/${tile.x}/${tile.y}.mvt`;
  const first = await getTile(anon, url);
  const asCoord = await getTile(coord, url);
  expect(Buffer.compare(first.body, asCoord.body)).toBe(0);
  expect(first.headers.etag).toMatch(/^W\/"pv\d+"$/);
  expect(first.headers['cache-control']).toBe('public, no-cache');
  const again = await getTile(anon, url).set('If-None-Match', first.headers.etag);
  expect(again.status).toBe(304);
  await coord.post('/api/assets', { name: 'Tile Test Newcomer', category: 'advice', publish: true, sites: [{ lat: 53.7240, lng: -1.8580 }] });
  const after = await getTile(anon, url).set('If-None-Match', first.headers.etag);
  expect(after.status).toBe(200);
  expect(after.headers.etag).not.toBe(first.headers.etag);
  expect(decode(after.body, tile).map((f) => f.properties.name)).toContain('Tile Test Newcomer');
  // An empty tile far away is an empty body, not an error.
  const empty = await getTile(anon, '/tiles/assets/14/0/0.mvt');
  expect(empty.status).toBe(200);
  expect(empty.body.length).toBe(0);
});

test('a tile id outside its zoom level is a 400 naming the field', async () => {
  const res = await anon.get('/tiles/assets/3/8/0.mvt');
  expect(res.status).toBe(400);
  expect(JSON.stringify(res.body.error.details)).toContain('x');
  expect((await anon.get('/tiles/assets/x/0/0.mvt')).status).toBe(400);
  const unknown = await anon.get('/tiles/nothing/1/2/3.mvt');
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.code).toBe('not_found');
});
