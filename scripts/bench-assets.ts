/**
 * Public reads at national scale (issue 10): the map's bbox listing (JSON and GeoJSON),
 * the near listing and vector tiles, through the API and as their own SQL, on each engine.
 *
 *   npm run bench:assets -- --n 200000
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npm run bench:assets -- --n 200000
 *
 * For each engine (embedded always; a PostgreSQL/PostGIS server too when
 * BENCH_DATABASE_URL names one, where a database is created and dropped): load N
 * synthetic published assets (scripts/lib/load-assets.ts; half clustered round 12 cities),
 * draw `--boxes` random 0.2° × 0.1° boxes uniformly across the data's extent (seeded), and
 * measure, in `--rounds` interleaved rounds, each of:
 *   API       GET /api/assets?bbox=…&limit=100 (json, geojson), ?lat&lng&withinMetres=2000&limit=50,
 *             /tiles/assets/14/x/y.mvt (the z14 tile at each box's centre), anonymous, with the
 *             public-read cache OFF (a fresh box every request costs its query), and tiles again
 *             with the cache ON after one pass ("warm");
 *   SQL       the very statement the API runs for that request (server/assets/public-repo.ts, or
 *             the tile builder), in-process, on the same boxes at the same concurrency; on a
 *             server, the bbox JSON statement through pgbench too (one script per box);
 *   flat      the limit for a flat table: a plain LIMIT over public_asset_site in the box, GeoJSON
 *             built in SQL (what a feature server over the same published points does).
 * Figures are medians over the rounds. The machine's load average is printed with them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Knex } from 'knex';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { publicFeaturesQuery, publicItemsQuery, type PublicFilters } from '../server/assets/public-repo';
import { assetTileInNode } from '../server/tiles/service';
import { assetTileMvt, hasStAsMvt } from '../server/tiles/repo';
import type { TileId } from '../server/tiles/tile-math';
import { seededRandom } from '../server/stats/random';
import { freshDatabase, type Engine } from './lib/bench-db';
import { loadSyntheticAssets } from './lib/load-assets';
import { measureHttpPaths, measureLoopOver, type LoadShape, type Measurement } from './lib/measure';

const run = promisify(execFile);
const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '200000' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    boxes: { type: 'string', default: '100' },
    clustered: { type: 'string', default: '0.5' },
    /** `server` or `embedded` for one engine only; by default both (the server when BENCH_DATABASE_URL is set). */
    engine: { type: 'string' },
  },
});
const positiveInt = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, not "${v}"`);
  return n;
};
const N = positiveInt('n', args.n);
const ROUNDS = positiveInt('rounds', args.rounds);
const BOXES = Math.min(positiveInt('boxes', args.boxes), 100); // pgbench takes at most 128 scripts
const SHAPE: LoadShape = { durationS: positiveInt('duration', args.duration), connections: positiveInt('connections', args.connections), warmupS: Number(args.warmup) };
const CLUSTERED = Number(args.clustered);
if (!(CLUSTERED >= 0 && CLUSTERED <= 1)) throw new Error('--clustered must be between 0 and 1');

type Box = { minLng: number; minLat: number; maxLng: number; maxLat: number };
type Path = 'API' | 'API (cache on)' | 'SQL' | 'SQL (pgbench)' | 'flat';
type Sample = { engine: Engine; endpoint: string; path: Path; m: Measurement };

/** `count` boxes of 0.2° × 0.1° with centres uniform over the data's extent (seeded: the same boxes every run). */
async function randomBoxes(knex: Knex, count: number): Promise<Box[]> {
  const ext = (await knex.raw(`SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom)::geometry AS e FROM public_asset_site) t`)).rows[0];
  const rand = seededRandom(20261201);
  const u = () => rand.int(0, 1_000_000) / 1_000_000;
  return Array.from({ length: count }, () => {
    const lng = ext.x0 + u() * (ext.x1 - ext.x0);
    const lat = ext.y0 + u() * (ext.y1 - ext.y0);
    const r = (v: number) => Math.round(v * 1e5) / 1e5;
    return { minLng: r(lng - 0.1), minLat: r(lat - 0.05), maxLng: r(lng + 0.1), maxLat: r(lat + 0.05) };
  });
}

const centre = (b: Box) => ({ lng: (b.minLng + b.maxLng) / 2, lat: (b.minLat + b.maxLat) / 2 });
function tileAt(lat: number, lng: number, z: number): TileId {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lng + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
}

/** The flat-table limit: the first 100 published points in the box, as GeoJSON built in SQL, nothing else. */
const flatQuery = (knex: Knex, partnershipId: string, b: Box) =>
  knex.raw(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
       'type', 'Feature', 'geometry', json_build_object('type', 'Point', 'coordinates', json_build_array(ST_X(geom), ST_Y(geom))),
       'properties', json_build_object('assetId', asset_id, 'siteId', site_id, 'name', name, 'category', category))), '[]'))::text AS body
     FROM (SELECT * FROM public_asset_site WHERE partnership_id = ? AND geom && ST_MakeEnvelope(?, ?, ?, ?, 4326) LIMIT 100) t`,
    [partnershipId, b.minLng, b.minLat, b.maxLng, b.maxLat],
  );

/** pgbench over the same statements (one script per box, picked at random), on a server. */
async function pgbench(url: string, statements: string[]): Promise<Measurement> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-pgbench-'));
  try {
    const files = statements.map((sql, i) => {
      const f = path.join(dir, `q${i}.sql`);
      fs.writeFileSync(f, `${sql.replace(/\s+/g, ' ')};\n`);
      return f;
    });
    const common = ['-n', '-c', String(SHAPE.connections), '-j', '2', ...files.flatMap((f) => ['-f', f]), url];
    if (SHAPE.warmupS > 0) await run('pgbench', ['-T', String(Math.max(1, Math.round(SHAPE.warmupS))), ...common], { maxBuffer: 16 * 1024 * 1024 });
    const { stdout } = await run('pgbench', ['-T', String(SHAPE.durationS), ...common], { maxBuffer: 16 * 1024 * 1024 });
    const tps = Number(/tps = ([0-9.]+)/.exec(stdout)?.[1]);
    const latency = Number(/latency average = ([0-9.]+) ms/.exec(stdout)?.[1]);
    const processed = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    // pgbench gives the mean latency, not percentiles: shown in the p50 column, marked in the table.
    return { requests: processed, seconds: SHAPE.durationS, reqPerSec: tps, p50Ms: latency, p99Ms: NaN, failures: failed };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Production settings, but no per-address rate limits: every request here comes from one address. */
const BENCH_ENV = { NODE_ENV: 'production', WAYMARK_DEMO: 'false', WAYMARK_RATE_LIMITS: 'false' };

const listen = (app: ReturnType<typeof createApp>) =>
  new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
const baseOf = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`;

async function benchEngine(engine: Engine, samples: Sample[]): Promise<void> {
  const bench = await freshDatabase(engine, process.env.BENCH_DATABASE_URL);
  const servers: Server[] = [];
  try {
    console.log(`\n[${engine}] ${bench.label}`);
    const load = await loadSyntheticAssets(bench.db.knex, N, { clusteredShare: CLUSTERED }, (done) => {
      if (done % 50_000 === 0 || done === N) process.stdout.write(`[${engine}]   ${done} / ${N} assets\n`);
    });
    console.log(`[${engine}] loaded ${N} assets in ${(load.insertMs / 1000).toFixed(1)} s (read model built once after, as its triggers would), VACUUM ANALYZE ${(load.analyzeMs / 1000).toFixed(1)} s`);
    const knex = bench.db.knex;
    const pid = load.partnershipId;

    const cold = await listen(createApp({ db: bench.db, config: loadConfig({ ...BENCH_ENV, WAYMARK_READ_CACHE_ENTRIES: '0' }) }));
    const warm = await listen(createApp({ db: bench.db, config: loadConfig({ ...BENCH_ENV, WAYMARK_READ_CACHE_ENTRIES: '5000' }) }));
    servers.push(cold, warm);

    const boxes = await randomBoxes(knex, BOXES);
    const bbox = (b: Box) => `${b.minLng},${b.minLat},${b.maxLng},${b.maxLat}`;
    const filters = (b: Box, extra: Partial<PublicFilters> = {}): PublicFilters => ({ partnershipId: pid, bbox: b, limit: 100, offset: 0, ...extra });
    const nearFilters = (b: Box): PublicFilters => ({ partnershipId: pid, near: { ...centre(b), metres: 2000 }, limit: 50, offset: 0 });
    const tiles = boxes.map((b) => tileAt(centre(b).lat, centre(b).lng, 14));
    const mvt = await hasStAsMvt(knex);
    const buildTile = (t: TileId) => (mvt ? assetTileMvt(knex, pid, t) : assetTileInNode(knex, pid, t));

    // What the boxes hold, and a check that the API answers what its SQL answers.
    const matches = (await Promise.all(boxes.map(async (b) => Number((await knex('public_asset_site').where('partnership_id', pid)
      .where(knex.raw('geom && ST_MakeEnvelope(?, ?, ?, ?, 4326)', [b.minLng, b.minLat, b.maxLng, b.maxLat])).count('* as n'))[0].n)))).sort((a, b) => a - b);
    console.log(`[${engine}] ${BOXES} random boxes: matching places min ${matches[0]}, median ${matches[Math.floor(matches.length / 2)]}, max ${matches[matches.length - 1]}; tiles by ${mvt ? 'ST_AsMVT' : 'geojson-vt + vt-pbf'}`);
    for (const b of boxes.slice(0, 5)) {
      const api = (await (await fetch(`${baseOf(cold)}/api/assets?bbox=${bbox(b)}&limit=100`)).json()) as { items: { id: string }[] };
      const sql = JSON.parse((await publicItemsQuery(knex, filters(b))).rows[0].body) as { id: string }[];
      if (api.items.map((i) => i.id).join() !== sql.map((i) => i.id).join()) throw new Error('the API and its SQL disagree');
    }
    const tileBytes = (await Promise.all(tiles.map(buildTile))).map((t) => t.length).sort((a, b) => a - b);
    console.log(`[${engine}] z14 tiles: median ${tileBytes[Math.floor(tileBytes.length / 2)]} bytes, max ${tileBytes[tileBytes.length - 1]} bytes`);

    type Case = { endpoint: string; paths: string[]; sql: (i: number) => Promise<unknown>; statement?: (i: number) => string; flat?: (i: number) => Promise<unknown>; warm?: boolean };
    const idx = boxes.map((_, i) => i);
    const cases: Case[] = [
      {
        endpoint: 'bbox json, limit 100', paths: boxes.map((b) => `/api/assets?bbox=${bbox(b)}&limit=100`),
        sql: (i) => publicItemsQuery(knex, filters(boxes[i])), statement: (i) => publicItemsQuery(knex, filters(boxes[i])).toQuery(),
        flat: (i) => flatQuery(knex, pid, boxes[i]),
      },
      {
        endpoint: 'bbox geojson, limit 100', paths: boxes.map((b) => `/api/assets?format=geojson&bbox=${bbox(b)}&limit=100`),
        sql: (i) => publicFeaturesQuery(knex, filters(boxes[i]), 1), flat: (i) => flatQuery(knex, pid, boxes[i]),
      },
      {
        endpoint: 'near 2 km, limit 50', paths: boxes.map((b) => `/api/assets?lat=${centre(b).lat}&lng=${centre(b).lng}&withinMetres=2000&limit=50`),
        sql: (i) => publicItemsQuery(knex, nearFilters(boxes[i])),
      },
      { endpoint: 'tiles z14', paths: tiles.map((t) => `/tiles/assets/${t.z}/${t.x}/${t.y}.mvt`), sql: (i) => buildTile(tiles[i]), warm: true },
    ];
    for (let round = 1; round <= ROUNDS; round++) {
      console.log(`[${engine}] round ${round} of ${ROUNDS} (load average ${os.loadavg()[0].toFixed(2)})`);
      for (const c of cases) {
        const record = (p: Path, m: Measurement) => {
          if (m.failures) console.log(`[${engine}] ${c.endpoint} ${p}: ${m.failures} failed requests`);
          samples.push({ engine, endpoint: c.endpoint, path: p, m });
        };
        record('API', await measureHttpPaths(baseOf(cold), c.paths, SHAPE));
        if (c.warm) {
          for (const p of c.paths) await fetch(baseOf(warm) + p); // one pass fills the cache
          record('API (cache on)', await measureHttpPaths(baseOf(warm), c.paths, SHAPE));
        }
        record('SQL', await measureLoopOver(idx, c.sql, SHAPE));
        if (c.statement && 'databaseUrl' in bench.location) record('SQL (pgbench)', await pgbench(bench.location.databaseUrl, idx.map(c.statement)));
        if (c.flat) record('flat', await measureLoopOver(idx, c.flat, SHAPE));
      }
    }
  } finally {
    for (const s of servers) await new Promise((resolve) => s.close(resolve));
    await bench.dispose();
  }
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = Math.floor(s.length / 2); return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };

function printTable(samples: Sample[]): void {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const k = `${s.engine}|${s.endpoint}|${s.path}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const rate = (engine: string, endpoint: string, p: Path) => { const g = groups.get(`${engine}|${endpoint}|${p}`); return g ? median(g.map((s) => s.m.reqPerSec)) : NaN; };
  const header = ['engine', 'endpoint', 'path', 'req/s (median)', 'p50 ms (median)', 'rounds', 'API / SQL', 'vs server'];
  const cells = [...groups.entries()].map(([k, g]) => {
    const [engine, endpoint, p] = k.split('|') as [string, string, Path];
    const rps = median(g.map((s) => s.m.reqPerSec));
    const sql = rate(engine, endpoint, 'SQL');
    const server = rate('server', endpoint, p);
    return [
      engine, endpoint, p, rps.toFixed(0), `${median(g.map((s) => s.m.p50Ms)).toFixed(2)}${p === 'SQL (pgbench)' ? ' (mean)' : ''}`, String(g.length),
      p.startsWith('API') && sql ? (rps / sql).toFixed(2) : '', engine === 'embedded' && server ? (rps / server).toFixed(2) : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i < 3 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log('\n' + line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const engines: Engine[] = (process.env.BENCH_DATABASE_URL ? (['server', 'embedded'] as Engine[]) : (['embedded'] as Engine[]))
    .filter((e) => !args.engine || e === args.engine);
  if (!engines.length) throw new Error(`--engine ${args.engine}: not one of the engines available here`);
  console.log(
    `Public reads benchmark: ${N} assets (${Math.round(CLUSTERED * 100)}% round city centres), ${BOXES} random 0.2° × 0.1° boxes, ` +
      `${SHAPE.connections} connections, ${SHAPE.warmupS} s warm-up + ${SHAPE.durationS} s per measurement, ${ROUNDS} interleaved rounds; engines: ${engines.join(', ')}`,
  );
  if (!process.env.BENCH_DATABASE_URL) console.log('(set BENCH_DATABASE_URL to a PostgreSQL/PostGIS admin URL to measure the server engine too)');
  const loadavg = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`${os.cpus().length} CPUs; load average (1/5/15 min) at start: ${loadavg()}`);
  const samples: Sample[] = [];
  for (const engine of engines) await benchEngine(engine, samples);
  printTable(samples);
  console.log('\nreq/s = completed requests / measured seconds (autocannon for the API; the in-process loop or pgbench for SQL); API / SQL = the API\'s req/s over its own SQL\'s; vs server = embedded over server.');
  console.log(`load average (1/5/15 min) at end: ${loadavg()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
