/**
 * The partnership dashboard and the CQS report PDF, end to end over HTTP as a commissioner:
 *
 *   npm run bench:dashboard -- [--repeat 5] [--engines embedded,server]        # the Calderdale demo
 *   npx tsx scripts/bench-dashboard.ts --big [--assets 200000]                         # + an England-sized partnership
 * (server engine: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres)
 *   … --big-only --engines server --keep dash_bench    # keep (or reuse) that database: load once, measure often
 *   … --warm                                           # warm the gap analyses first, as `npm start` does on a server
 *
 * Times: the first dashboard (every category's gap analysis computed), the dashboard after
 * an asset write (a date: every category's supply as it was), after a write that moves one
 * category's supply (a record archived or published again: its measures recomputed), the
 * dashboard again unchanged, one town's dashboard, and the report PDF (the server's
 * Chromium printing /report.html; needs client/dist built and /usr/bin/chromium). Medians
 * of --repeat. The big case is bench:gaps's England square (300 km, synthetic areas) with
 * 200,000 assets; the dashboard's gap cells there are the gap layer's default 500 m.
 *
 * Measured 2026-12-07, server engine, --repeat 3, shared 2-core machine (load 4–7), England,
 * one kept database, old code (185b566) and new alternated twice, medians old → new:
 *   after a write 4.2 / 3.6 s → 0.68 / 0.77 s (records and supply kept in memory, changes read
 *   from the audit trail: server/gaps/registry-mirror.ts); after a supply change 4.5 / 3.9 s →
 *   1.3 / 0.86 s; unchanged 0.64 / 0.47 s → 0.12 / 0.14 s; one locality 1.0 / 0.93 s → 0.57 /
 *   0.80 s; report PDF 5.7 / 5.1 s → 3.2 / 3.7 s (one Chromium kept warm; gap maps kept by
 *   their inputs); first 22.9 / 22.3 s → 21.8 s cold, or 0.53 s after --warm (warming 21.5 s,
 *   in the background on `npm start`; /api/health answered throughout, slowest 0.84 s).
 */
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Knex } from 'knex';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { hashPassword } from '../server/auth/password';
import { seedDemoIfEmpty } from '../seeds/demo';
import knexFactory from 'knex';
import { createDb, migrateToLatest } from '../server/db';
import { freshDatabase, type BenchDb, type Engine } from './lib/bench-db';
import { loadSyntheticAssets } from './lib/load-assets';
import { ENGLAND_BBOX } from './lib/synthetic-assets';
import { percentile } from './lib/measure';
import { warmDashboard } from '../server/dashboard/warm';

const { values: args } = parseArgs({ options: { repeat: { type: 'string', default: '5' }, engines: { type: 'string' }, big: { type: 'boolean', default: false }, 'big-only': { type: 'boolean', default: false }, assets: { type: 'string', default: '200000' }, keep: { type: 'string' }, warm: { type: 'boolean', default: false } } });
const REPEAT = Number(args.repeat);
const PASSWORD = 'bench-password-long-enough';
const median = (v: number[]) => percentile([...v].sort((a, b) => a - b), 50);

/** bench:gaps's England square: synthetic LSOA-like areas (1.6 km) with population, IMD and postcodes, seeded. */
async function englandGeography(knex: Knex, partnershipId: string): Promise<void> {
  const [x0, y0, side, cell] = [300000, 150000, 300000, 1600];
  const n = Math.round(side / cell);
  await knex.raw(`UPDATE partnership SET la_codes = '{E08BENCH}', boundary = ST_Multi(ST_Transform(ST_MakeEnvelope(?, ?, ?, ?, 27700), 4326)) WHERE id = ?`, [x0, y0, x0 + side, y0 + side, partnershipId]);
  await knex.raw('SELECT setseed(0.2026)');
  await knex.raw(
    `INSERT INTO area (code, kind, name, la_code, geom, population, imd_rank, imd_decile)
     SELECT 'E0' || lpad((i * ? + j)::text, 7, '0'), 'lsoa11', 'Bench ' || lpad((i * ? + j)::text, 5, '0') || 'A', 'E08BENCH',
            ST_Multi(ST_Transform(ST_MakeEnvelope(? + i * ?, ? + j * ?, ? + (i + 1) * ?, ? + (j + 1) * ?, 27700), 4326)),
            1000 + floor(random() * 1000)::int, 1 + floor(random() * 32844)::int, 1 + floor(random() * 10)::int
       FROM generate_series(0, ? - 1) i, generate_series(0, ? - 1) j`,
    [n, n, x0, cell, y0, cell, x0, cell, y0, cell, n, n],
  );
  for (const t of ['area']) await knex.raw('VACUUM ANALYZE ??', [t]);
}

async function timed(url: string, cookie: string): Promise<number> {
  const started = performance.now();
  const res = await fetch(url, { headers: { Cookie: cookie } });
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${Buffer.from(body).toString().slice(0, 300)}`);
  return performance.now() - started;
}

/** --keep NAME (server engine): that database, created and loaded the first time, reused and never dropped after. */
async function keptDatabase(name: string): Promise<{ bench: BenchDb; loaded: boolean }> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) throw new Error('--keep needs BENCH_DATABASE_URL');
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  const exists = (await admin.raw('SELECT 1 FROM pg_database WHERE datname = ?', [name])).rows.length > 0;
  if (!exists) await admin.raw('CREATE DATABASE ??', [name]);
  await admin.destroy();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await createDb({ databaseUrl: url.toString(), statementTimeoutMs: 600_000 });
  await migrateToLatest(db);
  const loaded = exists && Number((await db.knex('asset').count('* as n').first())?.n ?? 0) > 0;
  return { bench: { engine: 'server', db, label: `kept database ${name}`, location: { databaseUrl: url.toString() }, dispose: () => db.close() }, loaded };
}

async function benchCase(engine: Engine, name: 'demo' | 'england'): Promise<void> {
  const kept = args.keep && engine === 'server' ? await keptDatabase(`${args.keep}_${name}`) : null;
  const bench = kept?.bench ?? await freshDatabase(engine, process.env.BENCH_DATABASE_URL);
  let server: Server | undefined;
  try {
    if (kept?.loaded) {
      // Loaded by an earlier run: the commissioner is there already.
    } else if (name === 'demo') {
      await bench.db.knex.raw('TRUNCATE partnership, app_user, login_attempt, audit_log RESTART IDENTITY CASCADE').catch(() => undefined);
      await seedDemoIfEmpty(bench.db, () => {});
    } else {
      const load = await loadSyntheticAssets(bench.db.knex, Number(args.assets), { bbox: ENGLAND_BBOX });
      await englandGeography(bench.db.knex, load.partnershipId);
    }
    if (!kept?.loaded) await bench.db.knex('app_user').insert({ email: 'commissioner@bench.waymark', display_name: 'Bench Commissioner', role: 'commissioner', password_hash: await hashPassword(PASSWORD) });
    const app = createApp({ db: bench.db, config: loadConfig({ NODE_ENV: 'production', WAYMARK_DEMO: 'false', WAYMARK_RATE_LIMITS: 'false', WAYMARK_COOKIE_SECURE: 'false' }) });
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'commissioner@bench.waymark', password: PASSWORD }) });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0];
    const touch = () => bench.db.knex.raw(`UPDATE asset SET updated_at = now() WHERE id = (SELECT id FROM asset ORDER BY id LIMIT 1)`);
    // A write that moves a category's supply: one record in and out of the published set.
    const toggle = () => bench.db.knex.raw(`UPDATE asset SET status = CASE WHEN status = 'published' THEN 'archived' ELSE 'published' END WHERE id = (SELECT id FROM asset WHERE status IN ('published', 'archived') ORDER BY id OFFSET 1 LIMIT 1)`);
    // --warm: as `npm start` on the server engine does after listening (server/dashboard/warm.ts); "first" is then the dashboard after it.
    if (args.warm) {
      const warming = performance.now();
      await warmDashboard(bench.db.knex, () => {});
      console.log(`[${engine}] ${name}: warmed in ${(performance.now() - warming).toFixed(0)} ms`);
    }
    const cold = await timed(`${base}/api/dashboard`, cookie);
    const places = ((await (await fetch(`${base}/api/dashboard`, { headers: { Cookie: cookie } })).json()) as { places: { kind: string; name: string }[] }).places;
    // A town; else a locality (bench:gaps's synthetic areas have no town names).
    const town = places.find((p) => p.kind === 'town') ?? places.find((p) => p.kind === 'locality');
    const changed: number[] = [], supplyChanged: number[] = [], cached: number[] = [], oneTown: number[] = [], pdf: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      await toggle();
      supplyChanged.push(await timed(`${base}/api/dashboard`, cookie));
      await touch();
      changed.push(await timed(`${base}/api/dashboard`, cookie));
      cached.push(await timed(`${base}/api/dashboard`, cookie));
      if (town) oneTown.push(await timed(`${base}/api/dashboard?${town.kind}=${encodeURIComponent(town.name)}`, cookie));
      pdf.push(await timed(`${base}/api/reports/cqs.pdf`, cookie));
    }
    const f = (v: number[]) => (v.length ? `${median(v).toFixed(0)} ms` : 'n/a');
    console.log(`[${engine}] ${name}: dashboard first ${cold.toFixed(0)} ms; after a write ${f(changed)}; after a supply change ${f(supplyChanged)}; unchanged ${f(cached)}; one town (${town?.name ?? 'none'}) ${f(oneTown)}; report PDF ${f(pdf)} (medians of ${REPEAT}: PDF ${pdf.map((m) => m.toFixed(0)).join(', ')})`);
  } finally {
    if (server) await new Promise((resolve) => server!.close(resolve));
    await bench.dispose();
  }
}

async function main(): Promise<void> {
  const engines = (args.engines?.split(',') ?? (process.env.BENCH_DATABASE_URL ? ['embedded', 'server'] : ['embedded'])) as Engine[];
  for (const engine of engines) {
    if (!args['big-only']) await benchCase(engine, 'demo');
    if (args.big || args['big-only']) await benchCase(engine, 'england');
  }
  process.exit(0);
}
void main();
