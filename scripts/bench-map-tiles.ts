/**
 * The main map's first view, both ways (issue 10): every published point as GeoJSON (what
 * the map loads below WAYMARK_MAP_TILES_FROM) against what it loads in tile mode (the
 * vector tiles covering the partnership at the zoom it opens at, and the list's bbox page).
 *
 *   npm run bench:map-tiles -- --n 5000
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npm run bench:map-tiles -- --n 5000
 *
 * N synthetic published assets (one site each) over a partnership-sized box (0.6° × 0.3°,
 * West Yorkshire's size), read through the API with the public-read cache off, so every
 * round pays its queries. Tiles are fetched six at a time, as a browser does from one host.
 * Figures: median milliseconds to have everything, and bytes, over `--rounds` rounds.
 */
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { freshDatabase, type Engine } from './lib/bench-db';
import { loadSyntheticAssets } from './lib/load-assets';

const { values: args } = parseArgs({ options: { n: { type: 'string', default: '5000' }, rounds: { type: 'string', default: '5' }, zoom: { type: 'string', default: '11' } } });
const N = Number(args.n), ROUNDS = Number(args.rounds), ZOOM = Number(args.zoom);
for (const [name, v] of [['n', N], ['rounds', ROUNDS], ['zoom', ZOOM]] as const) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
}
const BOX = { minLng: -2.1, minLat: 53.6, maxLng: -1.5, maxLat: 53.9 };
const BENCH_ENV = { NODE_ENV: 'production', WAYMARK_DEMO: 'false', WAYMARK_RATE_LIMITS: 'false', WAYMARK_READ_CACHE_ENTRIES: '0' };

const tileX = (lng: number, z: number) => Math.floor(((lng + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const rad = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function fetchBytes(url: string): Promise<{ bytes: number; next: string | null }> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const json = res.headers.get('content-type')?.includes('json') ? JSON.parse(body.toString('utf8')) : null;
  return { bytes: body.length, next: json?.next ?? null };
}

/** Every published point, following `next` as client/src/map/load-assets.ts does. */
async function wholeGeojson(base: string): Promise<number> {
  let bytes = 0;
  let url: string | null = `${base}/api/assets?format=geojson&status=published&limit=5000`;
  while (url) {
    const page = await fetchBytes(url.startsWith('http') ? url : base + url);
    bytes += page.bytes;
    url = page.next;
  }
  return bytes;
}

/** The tiles over the box at ZOOM (six at a time) and the list's first page of the view by name. */
async function tileModeView(base: string): Promise<{ bytes: number; tiles: number }> {
  const urls: string[] = [];
  for (let x = tileX(BOX.minLng, ZOOM); x <= tileX(BOX.maxLng, ZOOM); x++) {
    for (let y = tileY(BOX.maxLat, ZOOM); y <= tileY(BOX.minLat, ZOOM); y++) urls.push(`${base}/tiles/assets/${ZOOM}/${x}/${y}.mvt`);
  }
  urls.push(`${base}/api/assets?format=geojson&status=published&sort=name&limit=200&bbox=${[BOX.minLng, BOX.minLat, BOX.maxLng, BOX.maxLat].join(',')}`);
  let bytes = 0;
  const queue = [...urls];
  await Promise.all(Array.from({ length: 6 }, async () => {
    for (let u = queue.shift(); u; u = queue.shift()) bytes += (await fetchBytes(u)).bytes;
  }));
  return { bytes, tiles: urls.length - 1 };
}

async function benchEngine(engine: Engine): Promise<void> {
  const bench = await freshDatabase(engine, process.env.BENCH_DATABASE_URL);
  let server: Server | null = null;
  try {
    await loadSyntheticAssets(bench.db.knex, N, { bbox: BOX, clusteredShare: 0 });
    server = await new Promise<Server>((resolve) => { const s = createApp({ db: bench.db, config: loadConfig(BENCH_ENV) }).listen(0, '127.0.0.1', () => resolve(s)); });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await wholeGeojson(base); // warm the pools and plans, not the (disabled) cache
    await tileModeView(base);
    const g: number[] = [], t: number[] = [];
    let gBytes = 0, tBytes = 0, tiles = 0;
    for (let r = 0; r < ROUNDS; r++) {
      let started = performance.now();
      gBytes = await wholeGeojson(base);
      g.push(performance.now() - started);
      started = performance.now();
      ({ bytes: tBytes, tiles } = await tileModeView(base));
      t.push(performance.now() - started);
    }
    console.log(`[${engine}] ${N} published places, ${ROUNDS} rounds, cache off`);
    console.log(`  whole GeoJSON              median ${median(g).toFixed(0)} ms   ${(gBytes / 1024).toFixed(0)} KiB`);
    console.log(`  tile mode (${tiles} z${ZOOM} tiles + list) median ${median(t).toFixed(0)} ms   ${(tBytes / 1024).toFixed(0)} KiB`);
    console.log(`  ratio (GeoJSON / tiles)    time ${(median(g) / median(t)).toFixed(2)}×   bytes ${(gBytes / tBytes).toFixed(2)}×`);
  } finally {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await bench.dispose();
  }
}

async function main(): Promise<void> {
  await benchEngine('embedded');
  if (process.env.BENCH_DATABASE_URL) await benchEngine('server');
}

void main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
