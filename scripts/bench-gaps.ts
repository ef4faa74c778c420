/**
 * Coverage-gap analysis end to end through the API (request in, GeoJSON out), per engine:
 *
 *   npm run bench:gaps                                   # embedded engine only
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npm run bench:gaps -- --repeat 5 [--engines server] [--cases england]
 *
 * Cases (each in a fresh database; on a server a new database is created and dropped):
 *   la       ~6,300 hexagons (250 m, the smallest allowed size, over a 32 km square), 2,000 assets of every category
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
 * With --what-if, also (lines after the case):
 *   what-if    POST /api/gaps/what-if with the most bands allowed (10, out to 10 km): the
 *              first (its analysis computed) and again (median of --repeat), and how long
 *              bodies with 2,000 and 20,000 bands take to be refused
 * With --sizes, also the first request at each allowed cell size (each builds its grid),
 * one after another, then all four again at once after an asset change.
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
import { CELL_SIZES } from '../server/gaps/schemas';
import { straightLineSource } from '../server/access/distance-source';
import { bandWeight, e2sfca } from '../server/access/measures';

const { values: args } = parseArgs({
  options: { cases: { type: 'string', default: 'la,england' }, repeat: { type: 'string', default: '5' }, engines: { type: 'string' }, 'what-if': { type: 'boolean', default: false }, sizes: { type: 'boolean', default: false } },
});
const REPEAT = Number(args.repeat);
if (!Number.isInteger(REPEAT) || REPEAT < 1) throw new Error('--repeat must be a whole number ≥ 1');

type Case = { name: string; assets: number; hexSize: number; square: { x0: number; y0: number; side: number }; areaSide: number; assetBbox?: typeof ENGLAND_BBOX };
const CASES: Record<string, Case> = {
  // Around Leeds; assets spread uniformly over the square's WGS84 box.
  la: { name: 'local authority', assets: 2000, hexSize: 250, square: { x0: 414000, y0: 418000, side: 32000 }, areaSide: 1280 },
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
    const csrf = ((await login.json()) as { csrfToken: string }).csrfToken;
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
    if (args['what-if']) {
      await benchWhatIf(engine, base, { cookie, csrf }, c.hexSize, median);
      await benchKernel(engine, bench.db.knex, JSON.parse(cold.body), median);
    }
    if (args.sizes) await benchSizes(engine, base, cookie, touchAsset);
    console.log(`[${engine}] after an asset change: ${changed.map((m) => m.toFixed(0)).join(', ')} ms; cached ${cached.map((m) => m.toFixed(0)).join(', ')} ms; all-category summary ${summary.map((m) => m.toFixed(0)).join(', ')} ms`);
  } finally {
    if (server) await new Promise((resolve) => server!.close(resolve));
    await bench.dispose();
  }
}

type Session = { cookie: string; csrf: string };

async function post(url: string, session: Session, body: object): Promise<{ ms: number; status: number; text: string }> {
  const started = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { Cookie: session.cookie, 'X-CSRF-Token': session.csrf, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { ms: performance.now() - started, status: res.status, text };
}

/** What-if with the most bands allowed, and how fast over-long band lists are refused. */
async function benchWhatIf(engine: Engine, base: string, session: Session, cellSize: number, median: (v: number[]) => number): Promise<void> {
  const bands = Array.from({ length: 10 }, (_, i) => 1000 * (i + 1));
  const weights = bands.map((_, i) => (10 - i) / 10);
  // Hypothetical sites near the square's middle (Leeds for the la case).
  const body = { category: 'mutual_aid', cellSize, threshold: 10_000, bands, weights, assets: [{ lat: 53.8, lng: -1.55 }, { lat: 53.75, lng: -1.6 }] };
  const send = (b: object) => post(`${base}/api/gaps/what-if`, session, b);
  const first = await send(body);
  if (first.status !== 200) throw new Error(`what-if answered ${first.status}: ${first.text.slice(0, 300)}`);
  const again: number[] = [];
  for (let i = 0; i < REPEAT; i++) again.push((await send(body)).ms);
  const refusals: string[] = [];
  for (const n of [2000, 20_000]) {
    const big = { ...body, bands: Array.from({ length: n }, (_, i) => i + 1), weights: Array.from({ length: n }, () => 0.5) };
    const times: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const r = await send(big);
      if (r.status !== 400) throw new Error(`${n} bands answered ${r.status}`);
      times.push(r.ms);
    }
    refusals.push(`${n} bands (${(JSON.stringify(big).length / 1000).toFixed(0)} KB) refused in ${median(times).toFixed(1)} ms`);
  }
  console.log(`[${engine}] what-if, 10 bands to 10 km: first ${first.ms.toFixed(0)} ms, again ${median(again).toFixed(0)} ms (median; ${again.map((m) => m.toFixed(0)).join(', ')}); ${refusals.join('; ')}`);
}

/**
 * The E2SFCA step alone (in process, no database), with the most bands allowed: the band
 * weight from the constant-time lookup (measures.ts, bandLookup) against the linear scan
 * it replaced (bandWeight per cell × supply pair), interleaved run by run.
 */
async function benchKernel(engine: Engine, knex: Knex, cellsFc: { features: { properties: { x: number; y: number; population: number } }[] }, median: (v: number[]) => number): Promise<void> {
  const cells = cellsFc.features.map((f) => ({ x: f.properties.x, y: f.properties.y }));
  const population = cellsFc.features.map((f) => f.properties.population);
  const { rows } = await knex.raw(`SELECT ST_X(ST_Transform(s.geom_public, 27700)) AS x, ST_Y(ST_Transform(s.geom_public, 27700)) AS y
    FROM asset a JOIN asset_site l ON l.asset_id = a.id JOIN site s ON s.id = l.site_id WHERE a.status = 'published' AND a.category = 'mutual_aid'`);
  const supply = rows as { x: number; y: number }[];
  const bands = Array.from({ length: 10 }, (_, i) => ({ upTo: 1000 * (i + 1), weight: (10 - i) / 10 }));
  const source = straightLineSource(cells, supply);
  const capacity = supply.map(() => 1);
  const linear = () => {
    // The E2SFCA of before, verbatim but for the weight function.
    const catchment = bands[bands.length - 1].upTo;
    const ratio = capacity.map((cap, j) => {
      let weighted = 0;
      for (const { index, cost } of source.demandsWithin(j, catchment)) weighted += population[index] * bandWeight(bands, cost);
      return weighted > 0 ? cap / weighted : 0;
    });
    return population.map((_, i) => {
      let a = 0;
      for (const { index, cost } of source.suppliesWithin(i, catchment)) a += ratio[index] * bandWeight(bands, cost);
      return a;
    });
  };
  const lookup = () => e2sfca(source, population, capacity, bands).score;
  const [before, after] = [linear(), lookup()];
  const same = before.every((v, i) => v === after[i]);
  const times = { linear: [] as number[], lookup: [] as number[] };
  for (let i = 0; i < Math.max(7, REPEAT); i++) {
    for (const [name, run] of [['linear', linear], ['lookup', lookup]] as const) {
      const started = performance.now();
      run();
      times[name].push(performance.now() - started);
    }
  }
  console.log(`[${engine}] E2SFCA alone, ${cells.length} cells × ${supply.length} mutual-aid sites, 10 bands to 10 km: linear scan ${median(times.linear).toFixed(1)} ms, ` +
    `lookup ${median(times.lookup).toFixed(1)} ms (medians of ${times.linear.length}, interleaved; same scores: ${same})`);
}

/** The first request at each allowed cell size (each builds and keeps its grid), then all at once after an asset change. */
async function benchSizes(engine: Engine, base: string, cookie: string, touchAsset: () => Promise<unknown>): Promise<void> {
  const url = (size: number) => `${base}/api/gaps/cells?category=treatment&cellSize=${size}`;
  const first: string[] = [];
  for (const size of CELL_SIZES) first.push(`${size} m ${(await timed(url(size), cookie)).ms.toFixed(0)} ms`);
  await touchAsset();
  const started = performance.now();
  const together = await Promise.all(CELL_SIZES.map((size) => timed(url(size), cookie)));
  console.log(`[${engine}] first request per cell size: ${first.join(', ')}; all four at once after an asset change (grids kept): ` +
    `${together.map((t, i) => `${CELL_SIZES[i]} m ${t.ms.toFixed(0)} ms`).join(', ')}; ${(performance.now() - started).toFixed(0)} ms in all`);
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
