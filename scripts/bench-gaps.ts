/**
 * Coverage-gap analysis end to end through the API (request in, GeoJSON out), per engine:
 *
 *   npm run bench:gaps                                   # embedded engine only
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npm run bench:gaps -- --repeat 5 [--engines server] [--cases england]
 *
 * Cases (each in a fresh database; on a server a new database is created and dropped):
 *   la       ~10,000 hexagons (200 m over a 32 km square), 2,000 assets of every category
 *   england  ~35,000 hexagons (1 km over a 300 km square), 200,000 assets over England
 * with synthetic LSOA-like areas (1.28 km / 1.6 km squares, population and IMD decile at
 * random, seeded) and ~12 small-user postcodes per area for the dasymetric step.
 *
 * For each case it times, as a commissioner over HTTP:
 *   cold       the first GeoJSON request (grid + populations + supply + measures)
 *   changed    GeoJSON after an asset write bumped the data version (grid reused; supply and
 *              measures recomputed): the figure that matters day to day; median of --repeat
 *   cached     the same request again (median)
 *   summary    all 14 categories' summaries after an asset change (median)
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Knex } from 'knex';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { hashPassword } from '../server/auth/password';
import { freshDatabase, type Engine } from './lib/bench-db';
import { loadSyntheticAssets } from './lib/load-assets';
import { ENGLAND_BBOX } from './lib/synthetic-assets';
import { percentile } from './lib/measure';

const { values: args } = parseArgs({ options: { cases: { type: 'string', default: 'la,england' }, repeat: { type: 'string', default: '5' }, engines: { type: 'string' } } });
const REPEAT = Number(args.repeat);
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new Error('--repeat must be a whole number ≥ 1');

type Case = { name: string; assets: number; hexSize: number; square: { x0: number; y0: number; side: number }; areaSide: number; assetBbox?: typeof ENGLAND_BBOX };
const CASES: Record<string, Case> = {
  // Around Leeds; assets spread uniformly over the square's WGS84 box.
  la: { name: 'local authority', assets: 2000, hexSize: 200, square: { x0: 414000, y0: 418000, side: 32000 }, areaSide: 1280 },
  england: { name: 'England-sized', assets: 200_000, hexSize: 1000, square: { x0: 300000, y0: 150000, side: 300000 }, areaSide: 1600, assetBbox: ENGLAND_BBOX },
};
const POSTCODES_PER_AREA = 12;
const PASSWORD = 'bench-password-long-enough';

/** A square partnership in EPSG:27700 with areas and postcodes, all generated in SQL (seeded). */
async function loadGeography(knex: Knex, partnershipId: string, c: Case): Promise<{ areas: number; postcodes: number }> {
  const { x0, y0, side } = c.square;
  const n = Math.round(side / c.areaSide);
  await knex.raw(`UPDATE partnership SET la_codes = '{E08BENCH}', boundary = ST_Multi(ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 27700), 4326)) WHERE id = ?`, [x0, y0, x0 + side, y0 + side, partnershipId]);
  await knex.raw('SELECT setseed(0.2026)');
  await knex.raw(
    `INSERT INTO area (code, kind, name, la_code, geom, population, imd_rank, imd_decile)
     SELECT 'E0' || lpad((i * ? + j)::text, 7, '0'), 'lsoa11', 'Bench ' || lpad((i * ? + j)::text, 5, '0') || 'A', 'E08BENCH',
            ST_Multi(ST_Transform(ST_MakeEnvelope(? + i * ?, ? + j * ?, ? + (i + 1) * ?, ? + (j + 1) * ?, 27700), 4326)),
            1000 + floor(random() * 1000)::int, 1 + floor(random() * 32844)::int, 1 + floor(random() * 10)::int
       FROM generate_series(0, ? - 1) i, generate_series(0, ? - 1) j`,
    [n, n, x0, c.areaSide, y0, c.areaSide, x0, c.areaSide, y0, c.areaSide, n, n],
  );
  await knex.raw(
    `INSERT INTO postcode (postcode, geom, lsoa11, la_code, usertype)
     SELECT 'BX' || (i * ? + j) || ' ' || k, ST_Transform(ST_SetSRID(ST_MakePoint(? + (i + random()) * ?, ? + (j + random()) * ?), 27700), 4326),
            'E0' || lpad((i * ? + j)::text, 7, '0'), 'E08BENCH', CASE WHEN random() < 0.05 THEN 1 ELSE 0 END
       FROM generate_series(0, ? - 1) i, generate_series(0, ? - 1) j, generate_series(1, ?) k`,
    [n, x0, c.areaSide, y0, c.areaSide, n, n, n, POSTCODES_PER_AREA],
  );
  for (const t of ['area', 'postcode']) await knex.raw('VACUUM ANALYZE ??', [t]);
  return { areas: n * n, postcodes: n * n * POSTCODES_PER_AREA };
}

async function timed(url: string, cookie: string): Promise<{ ms: number; bytes: number; body: string }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { Cookie: cookie } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
  return { ms: performance.now() - started, bytes: body.length, body };
}

type Row = { engine: Engine; case: string; cells: number; assets: number; cold: number; changed: number; cached: number; summary: number; mb: number };

async function benchCase(engine: Engine, key: string, rows: Row[]): Promise<void> {
  const c = CASES[key];
  const bench = await freshDatabase(engine, process.env.BENCH_DATABASE_URL);
  let server: Server | undefined;
  try {
    console.log(`\n[${engine}] ${c.name}: ${bench.label}`);
    const load = await loadSyntheticAssets(bench.db.knex, c.assets, c.assetBbox ? { bbox: c.assetBbox } : {
      bbox: await wgs84Box(bench.db.knex, c.square), clusteredShare: 0,
    });
    const geo = await loadGeography(bench.db.knex, load.partnershipId, c);
    console.log(`[${engine}] loaded ${c.assets} assets, ${geo.areas} areas, ${geo.postcodes} postcodes`);
    await bench.db.knex('app_user').insert({ email: 'commissioner@bench.waymark', display_name: 'Bench Commissioner', role: 'commissioner', password_hash: await hashPassword(PASSWORD) });
    const app = createApp({ db: bench.db, config: loadConfig({ NODE_ENV: 'production', WAYMARK_DEMO: 'false' }) });
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'commissioner@bench.waymark', password: PASSWORD }) });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0];
    const cellsUrl = `${base}/api/gaps/cells?category=mutual_aid&cellSize=${c.hexSize}`;
    const summaryUrl = `${base}/api/gaps/summary?cellSize=${c.hexSize}`;
    const touchAsset = () => bench.db.knex.raw(`UPDATE asset SET updated_at = now() WHERE id = (SELECT id FROM asset ORDER BY id LIMIT 1)`);

    const cold = await timed(cellsUrl, cookie);
    const cells = (JSON.parse(cold.body) as { features: unknown[] }).features.length;
    console.log(`[${engine}] cold: ${cold.ms.toFixed(0)} ms, ${cells} cells, ${(cold.bytes / 1e6).toFixed(1)} MB of GeoJSON`);
    const changed: number[] = [], cached: number[] = [], summary: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      await touchAsset();
      changed.push((await timed(cellsUrl, cookie)).ms);
      cached.push((await timed(cellsUrl, cookie)).ms);
      await touchAsset();
      summary.push((await timed(summaryUrl, cookie)).ms);
    }
    const median = (v: number[]) => percentile([...v].sort((a, b) => a - b), 50);
    rows.push({ engine, case: c.name, cells, assets: c.assets, cold: cold.ms, changed: median(changed), cached: median(cached), summary: median(summary), mb: cold.bytes / 1e6 });
    console.log(`[${engine}] after an asset change: ${changed.map((m) => m.toFixed(0)).join(', ')} ms; cached ${cached.map((m) => m.toFixed(0)).join(', ')} ms; all-category summary ${summary.map((m) => m.toFixed(0)).join(', ')} ms`);
  } finally {
    if (server) await new Promise((resolve) => server!.close(resolve));
    await bench.dispose();
  }
}

async function wgs84Box(knex: Knex, s: Case['square']) {
  const { rows } = await knex.raw(`SELECT ST_XMin(b) AS "minLng", ST_YMin(b) AS "minLat", ST_XMax(b) AS "maxLng", ST_YMax(b) AS "maxLat"
    FROM (SELECT ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 27700), 4326)::box2d AS b) q`, [s.x0, s.y0, s.x0 + s.side, s.y0 + s.side]);
  return rows[0];
}

async function main(): Promise<void> {
  const engines: Engine[] = args.engines ? (args.engines.split(',') as Engine[]) : process.env.BENCH_DATABASE_URL ? ['embedded', 'server'] : ['embedded'];
  for (const e of engines) if (e !== 'embedded' && e !== 'server') throw new Error(`--engines: unknown engine "${e}" (embedded, server)`);
  const cases = args.cases.split(',').map((k) => k.trim());
  for (const k of cases) if (!CASES[k]) throw new Error(`--cases: unknown case "${k}" (la, england)`);
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`Gap analysis benchmark; engines: ${engines.join(', ')}; cases: ${cases.join(', ')}; ${REPEAT} repeats; ${os.cpus().length} CPUs, load ${load()}`);
  const rows: Row[] = [];
  for (const engine of engines) for (const k of cases) await benchCase(engine, k, rows);
  const header = ['engine', 'case', 'cells', 'assets', 'cold ms', 'changed ms (p50)', 'cached ms (p50)', '14-cat summary ms (p50)', 'GeoJSON MB'];
  const cells = rows.map((r) => [r.engine, r.case, String(r.cells), String(r.assets), r.cold.toFixed(0), r.changed.toFixed(0), r.cached.toFixed(0), r.summary.toFixed(0), r.mb.toFixed(1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((v, i) => (i < 2 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ');
  console.log('\n' + line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const c of cells) console.log(line(c));
  console.log(`\nload average at end: ${load()}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
