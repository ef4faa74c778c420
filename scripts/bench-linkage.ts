/**
 * How long do a stratified draw over a 10,000-asset frame and the results of a
 * 5,000-pair campaign take, on each database engine?
 *
 *   npm run bench:linkage
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npm run bench:linkage -- --runs 7
 *
 * For each engine (embedded always; a PostgreSQL/PostGIS server too when
 * BENCH_DATABASE_URL names one, on which a new database is created and dropped): load
 * 10,000 synthetic published assets (scripts/lib/load-assets.ts, ~714 per category),
 * then time, through the linkage service exactly as the API calls it:
 *   - draw: POST /campaigns/:id/draw's work on a fresh draft each run — freeze the whole
 *     10,000-asset frame (campaign_frame, audited), draw 1,000 pairs in 4 strata with a
 *     contact cap, insert them. The first draw also freezes asset_version rows the bulk
 *     loader did not write; it is reported apart and left out of the median.
 *   - results: GET /campaigns/:id/results's work for a 5,000-pair campaign (5 strata)
 *     whose pairs have simulated outcomes: the query plus every statistic (Wilson, strata,
 *     2,000-resample cluster bootstrap, matrix, per asset, network with betweenness).
 * Medians (and min/max) of --runs runs are printed, with the pure in-memory draw apart.
 */
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import type { Viewer } from '../server/auth/viewer';
import { drawCampaign, createCampaign } from '../server/linkage/service';
import { campaignResults } from '../server/linkage/results-service';
import { campaignCreateSchema } from '../server/linkage/schemas';
import { findCampaign, previewFrame } from '../server/linkage/repo';
import { pairsForResults } from '../server/linkage/pair-repo';
import { computeResults } from '../server/linkage/results';
import { drawPairs } from '../server/sampling/draw';
import { freshDatabase, type Engine } from './lib/bench-db';
import { loadSyntheticAssets } from './lib/load-assets';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '7' }, assets: { type: 'string', default: '10000' } } });
const RUNS = Number(args.runs);
const ASSETS = Number(args.assets);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('--runs must be a whole number ≥ 1');

const DRAW_DESIGN = {
  strata: [
    { from: 'treatment', to: 'mutual_aid', count: 250 },
    { from: 'mutual_aid', to: 'treatment', count: 250 },
    { from: 'lero_peer_support', to: 'housing', count: 250 },
    { from: 'health', to: 'lero_peer_support', count: 250 },
  ],
  maxContactsPerService: 5,
};
const RESULTS_DESIGN = {
  strata: [
    { from: 'treatment', to: 'mutual_aid', count: 1000 },
    { from: 'mutual_aid', to: 'treatment', count: 1000 },
    { from: 'lero_peer_support', to: 'housing', count: 1000 },
    { from: 'health', to: 'lero_peer_support', count: 1000 },
    { from: 'housing', to: 'advice', count: 1000 },
  ],
  maxContactsPerService: 10,
};

const stats = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
};
const fmt = (ms: number[]) => {
  const { median, min, max } = stats(ms);
  return `median ${median.toFixed(0)} ms (min ${min.toFixed(0)}, max ${max.toFixed(0)}; n = ${ms.length})`;
};
async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, performance.now() - started];
}

async function researcher(knex: Knex): Promise<Viewer> {
  const [user] = await knex('app_user')
    .insert({ email: 'bench.researcher@bench.waymark', display_name: 'Bench Researcher', role: 'researcher', password_hash: 'not-a-login' })
    .returning(['id', 'email', 'display_name as displayName', 'role']);
  return { user, sessionId: null, csrfToken: null };
}

const draft = (viewer: Viewer, knex: Knex, name: string, design: object) =>
  createCampaign(knex, viewer, campaignCreateSchema.parse({ name, approach: 'disclosed', design }));

async function benchEngine(engine: Engine): Promise<void> {
  const bench = await freshDatabase(engine, process.env.BENCH_DATABASE_URL);
  const knex = bench.db.knex;
  try {
    console.log(`\n== ${engine}: ${bench.label}`);
    const load = await loadSyntheticAssets(knex, ASSETS);
    console.log(`loaded ${load.assets} published assets in ${(load.insertMs / 1000).toFixed(1)} s`);
    const viewer = await researcher(knex);

    const first = await draft(viewer, knex, 'warm-up', DRAW_DESIGN);
    const [, firstMs] = await timed(() => drawCampaign(knex, viewer, first.id, 1));
    console.log(`first draw (also freezes ${ASSETS} asset_version rows): ${firstMs.toFixed(0)} ms`);
    const drawMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c = await draft(viewer, knex, `draw ${i}`, DRAW_DESIGN);
      const [res, ms] = await timed(() => drawCampaign(knex, viewer, c.id, 1000 + i));
      if (res.pairsDrawn !== 1000) throw new Error(`drew ${res.pairsDrawn} pairs`);
      drawMs.push(ms);
    }
    console.log(`draw, 10,000-asset frame, 1,000 pairs in 4 strata, cap 5 (service, incl. frame snapshot and inserts): ${fmt(drawMs)}`);
    const frame = await previewFrame(knex, load.partnershipId, { categories: [], whoFor: [], organisationKinds: [], areaCodes: [] });
    const design = { ...campaignCreateSchema.parse({ name: 'x', approach: 'disclosed', design: DRAW_DESIGN }).design };
    const pureMs: number[] = [];
    for (let i = 0; i < RUNS; i++) pureMs.push((await timed(() => drawPairs(frame, design, 5000 + i)))[1]);
    console.log(`  of which the pure draw (sampling/draw.ts, in memory): ${fmt(pureMs)}`);

    const big = await draft(viewer, knex, 'results 5,000', RESULTS_DESIGN);
    await drawCampaign(knex, viewer, big.id, 77);
    // Simulated outcomes, deterministic from each pair's id: about 80% reached, outcomes 0–3.
    await knex.raw(
      `UPDATE campaign_pair SET
         status = CASE WHEN abs(hashtext(id::text)) % 100 < 80 THEN 'reached' ELSE 'unreachable' END,
         outcome = CASE WHEN abs(hashtext(id::text)) % 100 < 80 THEN abs(hashtext(id::text || 'o')) % 4 END,
         attempts_made = 1 + abs(hashtext(id::text || 'a')) % 3
       WHERE campaign_id = ?`,
      [big.id],
    );
    await knex.raw('ANALYZE campaign_pair');
    await campaignResults(knex, viewer, big.id); // warm-up
    const resultsMs: number[] = [];
    let edges = 0;
    for (let i = 0; i < RUNS; i++) {
      const [r, ms] = await timed(() => campaignResults(knex, viewer, big.id));
      if (r.counts.pairs !== 5000) throw new Error(`results over ${r.counts.pairs} pairs`);
      edges = r.network.edges;
      resultsMs.push(ms);
    }
    console.log(`results, 5,000 pairs in 5 strata (${edges} network edges, 2,000 bootstrap resamples): ${fmt(resultsMs)}`);
    const queryMs: number[] = [];
    const computeMs: number[] = [];
    const computeCpuMs: number[] = [];
    const row = (await findCampaign(knex, big.id))!;
    const strata = row.drawSummary!.strata.map((h) => ({ key: h.key, from: h.from, to: h.to, possible: h.possible, requested: h.requested }));
    for (let i = 0; i < RUNS; i++) {
      const [pairs, q] = await timed(() => pairsForResults(knex, big.id));
      queryMs.push(q);
      const cpu = process.cpuUsage();
      computeMs.push((await timed(() => computeResults({ id: big.id, name: '', approach: 'disclosed', status: 'in_progress', published: false, drawnAt: null, closedAt: null, seed: 77 }, pairs, strata, { stratified: true })))[1]);
      const used = process.cpuUsage(cpu);
      computeCpuMs.push((used.user + used.system) / 1000);
    }
    console.log(`  of which the pairs query: ${fmt(queryMs)}; the statistics (pure, in memory): ${fmt(computeMs)}`);
    // On a shared machine wall time includes waiting for a core; CPU time is the work itself.
    console.log(`  the statistics' CPU time (this process, user + system): ${fmt(computeCpuMs)}`);
  } finally {
    await bench.dispose();
  }
}

async function main(): Promise<void> {
  await benchEngine('embedded');
  if (process.env.BENCH_DATABASE_URL) await benchEngine('server');
  else console.log('\n(server engine skipped: set BENCH_DATABASE_URL to a superuser URL)');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
