/**
 * How fast is a large CSV import, validation and duplicate checks included, on each
 * database engine?
 *
 *   npm run bench:import -- --n 100000 --existing 2000 --runs 3 [--engine embedded|server|both] [--statements] [--publish]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:import
 *   npm run bench:import -- --hsds ../shared/data/hsds1-miami/miami-datapackage-1566177582.zip [--runs 3] [--engine …]
 *   BENCH_DATABASE_URL=… npm run bench:import -- --n 20000 --runs 3 --engine server --floor
 *   npm run bench:import -- --n 20000 --dense --demo --statements   (bench:load's stall file into the demo registry)
 *
 * With --hsds: an HSDS data package (.zip, HSDS 3 or 1.x, e.g. the Miami 211 package of
 * 4,089 services) imported into a fresh registry with server/interop/openreferral
 * importHsds (default mode, pending), as POST /api/imports/hsds does, then imported again
 * (which must write nothing): the time of the unzip, of the first import and of the
 * re-import, per engine.
 *
 * For each engine (embedded always; a PostgreSQL/PostGIS server too when
 * BENCH_DATABASE_URL names one, on which a new database is made and dropped): a
 * partnership, a coordinator, `existing` assets already in the registry, then a CSV of N
 * rows (1 in 100 a near-twin of an existing asset, 1 in 200 invalid) imported with
 * server/interop/files/service.ts importFile in "valid rows only" mode (as pending records, or
 * published with --publish, which also builds the public read model), as
 * POST /api/imports/files does. Each run uses a fresh database. Prints the wall time of
 * each phase, rows per second, and the median over runs; with --statements, where the
 * time went: the import's SQL statements grouped by their first words, total seconds and
 * count (triggers' time counts in the statement that fired them).
 *
 * With --dense: bench:load's stall file instead (scripts/lib/bench-stall.ts: N rows in
 * Calderdale, hundreds within the duplicate rule's reach of each other, every name with its
 * own number); with --demo: into the demo partnership as the app seeds it (300 assets in
 * Calderdale, its coordinator importing) instead of `existing` synthetic ones.
 *
 * With --floor (server engine, needs GDAL's ogr2ogr): two floors beside each run, on the same
 * database right after it, each ogr2ogr appending the same CSV to a table with the indexes
 * the import's rows meet (the name's folded trigram index, category, the point's geometry
 * and geography GiST indexes), and the ratio import / floor for each. No validation, no
 * duplicate check, no audit, no versions: what moving the rows into PostGIS costs.
 * - "ogr2ogr": as a GIS officer runs it (`ogr2ogr -append`, no options). Appending to a
 *   table that already exists, GDAL writes with INSERT statements (COPY is its default only
 *   for a table it has just created): the floor issue 23 measured (2.7–4.1 s for 20,000
 *   rows) and set its aim of 2× against.
 * - "ogr2ogr with COPY" (`--config PG_USE_COPY YES`): the fastest way GDAL can move the rows.
 */
import { parseArgs } from 'node:util';
import { createHash } from 'node:crypto';
import { median } from 'simple-statistics';
import type { Viewer } from '../server/auth/viewer';
import { writeTransaction } from '../server/audit/transaction';
import { importFile, saveMapping, type Progress } from '../server/interop/files/service';
import { insertAssets } from '../server/interop/files/repo';
import { assetCreateSchema } from '../server/assets/schemas';
import { freshDatabase, type Engine } from './lib/bench-db';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { hsdsUpload, importHsds } from '../server/interop/openreferral/exchange';
import { stallCsv } from './lib/bench-stall';
import { seedDemoIfEmpty } from '../seeds/demo';

const { values: args } = parseArgs({ options: { hsds: { type: 'string' }, n: { type: 'string', default: '100000' }, existing: { type: 'string', default: '2000' }, runs: { type: 'string', default: '1' }, engine: { type: 'string', default: 'both' }, statements: { type: 'boolean', default: false }, floor: { type: 'boolean', default: false }, publish: { type: 'boolean', default: false }, dense: { type: 'boolean', default: false }, demo: { type: 'boolean', default: false } } });
const N = Number(args.n);
const EXISTING = Number(args.existing);
const RUNS = Number(args.runs);
for (const [k, v] of Object.entries({ n: N, existing: EXISTING, runs: RUNS })) if (!Number.isInteger(v) || v < (k === 'existing' ? 0 : 1)) throw new Error(`--${k} must be a whole number`);

/** Deterministic pseudo-random in [0, 1) from a counter: the same file every run. */
const rand = (i: number, salt: string) => createHash('sha1').update(`${salt}:${i}`).digest().readUInt32BE(0) / 2 ** 32;
// England-ish box, so the duplicate radius rarely catches unrelated rows.
const pointOf = (i: number, salt: string) => ({ lat: 50.8 + rand(i, `${salt}lat`) * 4.2, lng: -3.5 + rand(i, `${salt}lng`) * 4 });
const CATEGORIES = ['mutual_aid', 'recovery_community', 'housing', 'advice', 'social_leisure_arts', 'faith_community'];
const SYLLABLES = ['al', 'bra', 'cob', 'dam', 'el', 'fern', 'gor', 'haw', 'ivy', 'jun', 'lar', 'mos', 'oak', 'prim', 'row', 'sor', 'tea', 'wil', 'yar', 'zen', 'quo', 'vex', 'nim', 'kep'];
const KINDS = ['Café', 'Group', 'House', 'Club', 'Circle', 'Project', 'Hub', 'Walk', 'Choir', 'Garden'];
/** Names unlike each other (as real ones mostly are), so in-file duplicates stay rare. */
const nameOf = (i: number) => {
  const s = (k: number) => SYLLABLES[Math.floor(rand(i, `syl${k}`) * SYLLABLES.length)];
  const word = `${s(1)}${s(2)}${s(3)}`;
  return `${word[0].toUpperCase()}${word.slice(1)} ${KINDS[i % KINDS.length]} ${i}`;
};

function makeCsv(): string {
  const lines = ['ref,name,category,who_for,lat,lng,phone,website'];
  for (let i = 0; i < N; i++) {
    if (i % 200 === 199) { lines.push(`r${i},X,not_a_category,,91,0,,`); continue; }
    const twin = EXISTING > 0 && i % 100 === 50;
    const p = twin ? pointOf(i % EXISTING, 'existing') : pointOf(i, 'csv');
    const name = twin ? nameOf(1_000_000 + (i % EXISTING)) : nameOf(i);
    lines.push(`r${i},${name},${CATEGORIES[i % CATEGORIES.length]},${i % 3 === 0 ? 'women' : ''},${p.lat.toFixed(6)},${(p.lng + (twin ? 0.0003 : 0)).toFixed(6)},01422 ${String(100000 + (i % 900000)).slice(0, 6)},https://example.org/g/${i}`);
  }
  return lines.join('\n');
}

type Floors = { insert: number; copy: number };

async function runOnce(engine: Engine, csv: string): Promise<{ totalMs: number; floors: Floors | null; phases: Record<string, number>; report: Awaited<ReturnType<typeof importFile>> }> {
  const bench = await freshDatabase(engine, process.env.BENCH_DATABASE_URL);
  try {
    const knex = bench.db.knex;
    // --demo: the demo partnership (300 assets in Calderdale, as the app seeds it) and its coordinator.
    if (args.demo) await seedDemoIfEmpty(bench.db, () => {});
    else await knex('partnership').insert({ name: 'Benchmark partnership', slug: 'bench' });
    const [user] = args.demo
      ? await knex('app_user').where({ role: 'coordinator' }).select('id', 'email', 'display_name')
      : await knex('app_user').insert({ email: 'coord@bench.local', display_name: 'Bench Coordinator', role: 'coordinator', password_hash: 'x' }).returning(['id', 'email', 'display_name']);
    const viewer: Viewer = { user: { id: user.id, email: user.email, displayName: user.display_name, role: 'coordinator' }, sessionId: null, csrfToken: null };
    const partnershipId = (await knex('partnership').first('id')).id;
    if (!args.demo) await writeTransaction(knex, user.id, (trx) =>
      insertAssets(trx, partnershipId, user.id, Array.from({ length: EXISTING }, (_, i) => ({
        input: assetCreateSchema.parse({ name: nameOf(1_000_000 + i), category: 'mutual_aid', sites: [pointOf(i, 'existing')] }),
        status: 'published' as const,
      }))),
    );
    await knex.raw('ANALYZE');
    await saveMapping(knex, viewer, 'bench', args.dense
      ? { externalId: 'ref', name: 'name', category: 'category', lat: 'lat', lng: 'lng', phone: 'phone' }
      : { externalId: 'ref', name: 'name', category: 'category', whoFor: 'who_for', lat: 'lat', lng: 'lng', phone: 'phone', website: 'website' });
    const phases: Record<string, number> = {};
    const statements = new Map<string, { n: number; ms: number }>();
    if (args.statements) timeStatements(knex, statements);
    const started = performance.now();
    const report = await importFile(knex, viewer, { source: 'bench', format: 'csv', mode: 'valid_only', publish: args.publish, text: csv }, (p: Progress) => {
      phases[p.phase] ??= performance.now() - started;
      // The check's end ('writing from' comes after the first write batch).
      if (p.phase === 'checking duplicates' && p.done === p.total && p.total > 0) phases['checked'] ??= performance.now() - started;
    });
    const totalMs = performance.now() - started;
    for (const [sql, t] of [...statements.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
      console.log(`  ${(t.ms / 1000).toFixed(2).padStart(7)} s ${String(t.n).padStart(4)}×  ${sql}`);
    }
    const floors = args.floor && 'databaseUrl' in bench.location
      ? { insert: await ogrFloor(knex, bench.location.databaseUrl, csv, 'insert'), copy: await ogrFloor(knex, bench.location.databaseUrl, csv, 'copy') }
      : null;
    return { totalMs, floors, phases, report };
  } finally {
    await bench.dispose();
  }
}

/**
 * ogr2ogr appending the CSV to an indexed table of the same database: a floor (see the
 * header). `insert`: ogr2ogr's own choice when appending; `copy`: PG_USE_COPY=YES.
 */
async function ogrFloor(knex: import('knex').Knex, databaseUrl: string, csv: string, mode: 'insert' | 'copy'): Promise<number> {
  const table = `import_floor_${mode}`;
  await knex.raw(`CREATE TABLE ?? (ogc_fid serial PRIMARY KEY, ref text, name text, category text, who_for text, lat text, lng text,
    phone text, website text, wkb_geometry geometry(Point, 4326))`, [table]);
  await knex.raw('CREATE INDEX ON ?? USING gin (waymark_fold(name) gin_trgm_ops)', [table]);
  await knex.raw('CREATE INDEX ON ?? (category)', [table]);
  await knex.raw('CREATE INDEX ON ?? USING gist (wkb_geometry)', [table]);
  await knex.raw('CREATE INDEX ON ?? USING gist ((wkb_geometry::geography))', [table]);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-floor-'));
  try {
    const file = path.join(dir, 'rows.csv');
    writeFileSync(file, csv);
    const url = new URL(databaseUrl);
    const pg = `PG:host=${url.hostname} port=${url.port || 5432} dbname=${url.pathname.slice(1)} user=${decodeURIComponent(url.username)}${url.password ? ` password=${decodeURIComponent(url.password)}` : ''}`;
    const started = performance.now();
    const run = spawnSync('ogr2ogr', ['-f', 'PostgreSQL', pg, file, '-nln', table, '-append', '-a_srs', 'EPSG:4326',
      '-oo', 'X_POSSIBLE_NAMES=lng', '-oo', 'Y_POSSIBLE_NAMES=lat', '-oo', 'KEEP_GEOM_COLUMNS=YES', ...(mode === 'copy' ? ['--config', 'PG_USE_COPY', 'YES'] : [])], { encoding: 'utf8' });
    const ms = performance.now() - started;
    if (run.error || run.status !== 0) throw new Error(`ogr2ogr failed: ${run.error?.message ?? run.stderr}`);
    const { n } = (await knex(table).count('* as n').first()) as { n: number | string };
    if (Number(n) !== N) throw new Error(`ogr2ogr wrote ${n} rows of ${N}`);
    return ms;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sum each statement's time from knex's query events, keyed by its first 80 characters. */
function timeStatements(knex: import('knex').Knex, into: Map<string, { n: number; ms: number }>) {
  const startedAt = new Map<string, number>();
  knex.on('query', (q: { __knexQueryUid: string }) => startedAt.set(q.__knexQueryUid, performance.now()));
  knex.on('query-response', (_r: unknown, q: { __knexQueryUid: string; sql: string }) => {
    const key = q.sql.replace(/\s+/g, ' ').slice(0, 80);
    const t = into.get(key) ?? { n: 0, ms: 0 };
    t.n++;
    t.ms += performance.now() - (startedAt.get(q.__knexQueryUid) ?? performance.now());
    into.set(key, t);
  });
}

/** The --hsds case: one package, imported then imported again, on a fresh database per run. */
async function benchHsds(engines: Engine[], file: string) {
  const bytes = readFileSync(file);
  for (const engine of engines) {
    const totals: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const bench = await freshDatabase(engine, process.env.BENCH_DATABASE_URL);
      try {
        const knex = bench.db.knex;
        await knex('partnership').insert({ name: 'Benchmark partnership', slug: 'bench' });
        const [user] = await knex('app_user').insert({ email: 'coord@bench.local', display_name: 'Bench Coordinator', role: 'coordinator', password_hash: 'x' }).returning('id');
        const viewer: Viewer = { user: { id: user.id, email: 'coord@bench.local', displayName: 'Bench Coordinator', role: 'coordinator' }, sessionId: null, csrfToken: null };
        const t0 = performance.now();
        const body = await hsdsUpload(bytes, () => bytes.toString('utf8'));
        const t1 = performance.now();
        const first = await importHsds(knex, viewer, { source: 'bench', publish: false, mode: 'all_or_nothing', body });
        const t2 = performance.now();
        const statements = new Map<string, { n: number; ms: number }>();
        if (args.statements) timeStatements(knex, statements);
        const again = await importHsds(knex, viewer, { source: 'bench', publish: false, mode: 'all_or_nothing', body });
        const t3 = performance.now();
        totals.push(t2 - t0);
        const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
        console.log(`${engine} run ${r + 1}: unzip ${s(t1 - t0)}, import ${s(t2 - t1)} (${first.services.toLocaleString()} services: created ${first.created.toLocaleString()}, held ${first.held.length}, ${first.warnings.length} warnings), ` +
          `re-import ${s(t3 - t2)} (unchanged ${again.unchanged.toLocaleString()}, updated ${again.updated}, created ${again.created})`);
        for (const [sql, t] of [...statements.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8)) console.log(`  re-import: ${(t.ms / 1000).toFixed(2).padStart(7)} s ${String(t.n).padStart(5)}×  ${sql}`);
      } finally {
        await bench.dispose();
      }
    }
    console.log(`${engine}: median ${(median(totals) / 1000).toFixed(2)} s to unzip and import ${file}`);
  }
}

async function main() {
  const all: Engine[] = ['embedded', ...(process.env.BENCH_DATABASE_URL ? (['server'] as const) : [])];
  const engines = args.engine === 'both' ? all : all.filter((e) => e === args.engine);
  if (!engines.length) throw new Error(`--engine ${args.engine}: not available (server needs BENCH_DATABASE_URL)`);
  if (args.hsds) return benchHsds(engines, args.hsds);
  const csv = args.dense ? stallCsv(N, false) : makeCsv();
  console.log(`CSV: ${N.toLocaleString()} rows, ${(csv.length / 1e6).toFixed(1)} MB; registry already holds ${args.demo ? "the demo's 300" : EXISTING.toLocaleString()} published assets; imported as ${args.publish ? 'published' : 'pending'}; ${RUNS} run(s) per engine, each on a fresh database`);
  for (const engine of engines) {
    const totals: number[] = [];
    const ratios: Floors[] = [];
    for (let r = 0; r < RUNS; r++) {
      const { totalMs, floors, phases, report } = await runOnce(engine, csv);
      totals.push(totalMs);
      if (floors !== null) {
        ratios.push({ insert: totalMs / floors.insert, copy: totalMs / floors.copy });
        const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
        console.log(`${engine} run ${r + 1}: floors (same rows, same database): ogr2ogr ${s(floors.insert)}, import / floor = ${(totalMs / floors.insert).toFixed(2)}×; `
          + `ogr2ogr with COPY ${s(floors.copy)}, import / floor = ${(totalMs / floors.copy).toFixed(2)}×; load ${os.loadavg()[0].toFixed(1)}`);
      }
      const first = (name: string) => (phases[name] === undefined ? '–' : `${(phases[name] / 1000).toFixed(2)} s`);
      console.log(
        `${engine} run ${r + 1}: ${(totalMs / 1000).toFixed(2)} s total, ${Math.round(N / (totalMs / 1000)).toLocaleString()} rows/s ` +
        `(validated by ${first('validating')}, duplicates checked from ${first('checking duplicates')} to ${first('checked')}, writing from ${first('writing')}); ` +
        `created ${report.created.toLocaleString()}, skipped ${report.skipped.toLocaleString()} (${report.problems.filter((p) => /duplicate/.test(p.message)).length} duplicates)`,
      );
    }
    const m = median(totals);
    console.log(`${engine}: median ${(m / 1000).toFixed(2)} s for ${N.toLocaleString()} rows = ${Math.round(N / (m / 1000)).toLocaleString()} rows/s`);
    if (ratios.length) {
      console.log(`${engine}: median import / floor over ${ratios.length} run(s): ${median(ratios.map((r) => r.insert)).toFixed(2)}× ogr2ogr (aim ≤ 2×), `
        + `${median(ratios.map((r) => r.copy)).toFixed(2)}× ogr2ogr with COPY`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
