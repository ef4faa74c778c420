/**
 * How fast is the public asset listing on each database engine, and what does the HTTP
 * layer cost on top of the query?
 *
 *   npm run bench:assets -- --n 200000 --duration 10 --connections 10
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:assets
 *
 * For each engine (embedded always; a PostgreSQL/PostGIS server too when
 * BENCH_DATABASE_URL names one, on which a new database is created and dropped): load N
 * synthetic published assets (scripts/lib/load-assets.ts), start the app on 127.0.0.1,
 * then for each query measure GET /api/assets with autocannon and the same repo call
 * (server/assets/repo.ts listAssets, the SQL the API runs) directly on the same knex
 * handle at the same concurrency. Requests are anonymous, as a public map's are.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { listAssets, type AssetFilters } from '../server/assets/repo';
import { assetListQuerySchema } from '../server/assets/schemas';
import { freshDatabase, type Engine } from './lib/bench-db';
import { loadSyntheticAssets } from './lib/load-assets';
import { measureHttp, measureLoop, type LoadShape, type Measurement } from './lib/measure';
import { CITY_CENTRES } from './lib/synthetic-assets';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '200000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    clustered: { type: 'string', default: '0.5' },
  },
});

const positiveInt = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1, not "${v}"`);
  return n;
};
const N = positiveInt('n', args.n);
const SHAPE: LoadShape = { durationS: positiveInt('duration', args.duration), connections: positiveInt('connections', args.connections), warmupS: Number(args.warmup) };
const CLUSTERED = Number(args.clustered);
if (!(CLUSTERED >= 0 && CLUSTERED <= 1)) throw new Error('--clustered must be between 0 and 1');
if (!(SHAPE.warmupS >= 0)) throw new Error('--warmup must be ≥ 0 seconds');

// Where the queries look: central Leeds, one of the cluster centres.
const LEEDS = CITY_CENTRES.find((c) => c.name === 'Leeds')!;
const HALF_BOX_KM = 5;
const KM_PER_DEGREE_LAT = 111.32;
const dLat = HALF_BOX_KM / KM_PER_DEGREE_LAT;
const dLng = HALF_BOX_KM / (KM_PER_DEGREE_LAT * Math.cos((LEEDS.lat * Math.PI) / 180));
const round = (x: number) => x.toFixed(4);
const ENDPOINTS = [
  {
    name: 'bbox 10 km, limit 100',
    query: `bbox=${round(LEEDS.lng - dLng)},${round(LEEDS.lat - dLat)},${round(LEEDS.lng + dLng)},${round(LEEDS.lat + dLat)}&limit=100`,
  },
  { name: 'within 2000 m', query: `lat=${LEEDS.lat}&lng=${LEEDS.lng}&withinMetres=2000` },
] as const;

type Row = { engine: Engine; endpoint: string; path: 'API' | 'raw repo'; m: Measurement; ratio?: { reqPerSec: number; p50: number } };

/** The filters server/assets/service.ts builds for an anonymous viewer from the same query string. */
function anonymousFilters(partnershipId: string, queryString: string): AssetFilters {
  const q = assetListQuerySchema.parse(Object.fromEntries(new URLSearchParams(queryString)));
  return {
    partnershipId,
    statuses: ['published'],
    bbox: q.bbox,
    near: q.withinMetres !== undefined ? { lat: q.lat!, lng: q.lng!, metres: q.withinMetres } : undefined,
    limit: q.limit,
    offset: q.offset,
  };
}

async function benchEngine(engine: Engine, rows: Row[]): Promise<void> {
  const bench = await freshDatabase(engine, process.env.BENCH_DATABASE_URL);
  let server: Server | undefined;
  try {
    console.log(`\n[${engine}] ${bench.label}`);
    let lastReport = 0;
    const load = await loadSyntheticAssets(bench.db.knex, N, { clusteredShare: CLUSTERED }, (done) => {
      if (done - lastReport >= 50_000 || done === N) {
        lastReport = done;
        process.stdout.write(`[${engine}]   ${done} / ${N} assets\n`);
      }
    });
    console.log(
      `[${engine}] loaded ${N} assets in ${(load.insertMs / 1000).toFixed(1)} s ` +
        `(${Math.round(N / (load.insertMs / 1000))} assets/s), VACUUM ANALYZE ${(load.analyzeMs / 1000).toFixed(1)} s`,
    );

    const config = loadConfig({ NODE_ENV: 'production', WAYMARK_DEMO: 'false' });
    const app = createApp({ db: bench.db, config });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    for (const ep of ENDPOINTS) {
      const url = `${base}/api/assets?${ep.query}`;
      const filters = anonymousFilters(load.partnershipId, ep.query);
      // Same answer both ways, or the comparison means nothing.
      const raw = await listAssets(bench.db.knex, filters, 'masked');
      const res = await fetch(url);
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { items: { id: string }[] };
      if (body.items.map((i) => i.id).join() !== raw.map((r) => r.id).join()) throw new Error(`${ep.name}: the API and the repo call disagree`);
      const matching = await countMatching(bench.db.knex, filters);
      console.log(`[${engine}] ${ep.name}: ${matching} published assets match, ${raw.length} returned per request`);

      const api = await measureHttp(url, SHAPE);
      const direct = await measureLoop(() => listAssets(bench.db.knex, filters, 'masked'), SHAPE);
      if (api.failures) console.log(`[${engine}] ${ep.name}: ${api.failures} HTTP requests failed (errors, timeouts or non-2xx)`);
      rows.push({ engine, endpoint: ep.name, path: 'API', m: api, ratio: { reqPerSec: api.reqPerSec / direct.reqPerSec, p50: api.p50Ms / direct.p50Ms } });
      rows.push({ engine, endpoint: ep.name, path: 'raw repo', m: direct });
    }
  } finally {
    if (server) await new Promise((resolve) => server!.close(resolve));
    await bench.dispose();
  }
}

/** How many assets the query's filter matches before the limit (for reading the figures). */
async function countMatching(knex: import('knex').Knex, f: AssetFilters): Promise<number> {
  const q = knex('asset as a').join('asset_site as x', 'x.asset_id', 'a.id').join('site as s', 's.id', 'x.site_id')
    .where('a.partnership_id', f.partnershipId).whereIn('a.status', f.statuses)
    .countDistinct({ n: 'a.id' });
  // Masked viewers find sensitive assets by their grid cell, as the repo does.
  const geom = 'CASE WHEN a.sensitive THEN s.geom_grid ELSE s.geom END';
  if (f.bbox) q.where(knex.raw(`${geom} && ST_MakeEnvelope(?, ?, ?, ?, 4326)`, [f.bbox.minLng, f.bbox.minLat, f.bbox.maxLng, f.bbox.maxLat]));
  if (f.near) q.where(knex.raw(`ST_DWithin((${geom})::geography, ST_SetSRID(ST_MakePoint(?, ?), 4326)::geography, ?)`, [f.near.lng, f.near.lat, f.near.metres]));
  const [{ n }] = await q;
  return Number(n);
}

function printTable(rows: Row[]): void {
  const header = ['engine', 'endpoint', 'path', 'requests', 'req/s', 'p50 ms', 'p99 ms', 'API/raw req/s', 'API/raw p50'];
  const cells = rows.map((r) => [
    r.engine,
    r.endpoint,
    r.path,
    String(r.m.requests),
    r.m.reqPerSec.toFixed(1),
    r.m.p50Ms.toFixed(2),
    r.m.p99Ms.toFixed(2),
    r.ratio ? r.ratio.reqPerSec.toFixed(2) : '',
    r.ratio ? r.ratio.p50.toFixed(2) : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i < 3 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log('\n' + line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
}

async function main(): Promise<void> {
  const engines: Engine[] = process.env.BENCH_DATABASE_URL ? ['embedded', 'server'] : ['embedded'];
  console.log(
    `Asset listing benchmark: ${N} assets (${Math.round(CLUSTERED * 100)}% around ${CITY_CENTRES.length} city centres), ` +
      `${SHAPE.connections} connections, ${SHAPE.warmupS} s warm-up + ${SHAPE.durationS} s per measurement; engines: ${engines.join(', ')}`,
  );
  if (!process.env.BENCH_DATABASE_URL) console.log('(set BENCH_DATABASE_URL to a PostgreSQL/PostGIS admin URL to measure the server engine too)');
  // Figures from a busy machine mean little; say how busy it was.
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`${os.cpus().length} CPUs; load average (1/5/15 min) at start: ${load()}`);
  const rows: Row[] = [];
  for (const engine of engines) await benchEngine(engine, rows);
  printTable(rows);
  console.log('\nreq/s = completed requests / measured seconds; p50/p99: autocannon (API) or nearest rank over every call (raw).');
  console.log(`load average (1/5/15 min) at end: ${load()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
