/**
 * A published campaign's results and pathway layers over HTTP, as an anonymous visitor:
 * the first read (computed) against the next ones (served from the cache per campaign
 * version, server/linkage/results-cache.ts), per engine.
 *
 *   npx tsx scripts/bench-results-cache.ts [--pairs 20000] [--repeat 5]
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:54329/postgres npx tsx scripts/bench-results-cache.ts --engines server
 *
 * Loads 10,000 synthetic published assets, draws a campaign of --pairs pairs in 5 strata,
 * gives every pair a simulated outcome, closes and publishes it, then times
 * GET /api/campaigns/:id/pathways.geojson (lines), ?layer=assets and /results: the first
 * read, the median of --repeat more, and of --repeat revalidations (If-None-Match: 304). Also times the in-progress campaign's version
 * query (the pairs' digest, run before every read of an open campaign).
 */
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Knex } from 'knex';
import type { Viewer } from '../server/auth/viewer';
import { createApp } from '../server/app';
import { loadConfig } from '../server/config';
import { closeCampaign, createCampaign, drawCampaign, setPublished } from '../server/linkage/service';
import { campaignCreateSchema } from '../server/linkage/schemas';
import { pairsDigest } from '../server/linkage/results-repo';
import { freshDatabase, type Engine } from './lib/bench-db';
import { loadSyntheticAssets } from './lib/load-assets';

const { values: args } = parseArgs({ options: { pairs: { type: 'string', default: '20000' }, repeat: { type: 'string', default: '5' }, engines: { type: 'string' } } });
const PAIRS = Number(args.pairs);
const REPEAT = Number(args.repeat);
if (!Number.isInteger(PAIRS) || PAIRS < 5 || PAIRS % 5) throw new Error('--pairs must be a multiple of 5');

const STRATA = [['treatment', 'mutual_aid'], ['mutual_aid', 'treatment'], ['lero_peer_support', 'housing'], ['health', 'lero_peer_support'], ['housing', 'advice']];
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];

async function researcher(knex: Knex): Promise<Viewer> {
  const [user] = await knex('app_user')
    .insert({ email: 'bench.researcher@bench.waymark', display_name: 'Bench Researcher', role: 'researcher', password_hash: 'not-a-login' })
    .returning(['id', 'email', 'display_name as displayName', 'role']);
  return { user, sessionId: null, csrfToken: null };
}

async function timedGet(url: string, etag?: string): Promise<{ ms: number; bytes: number; etag: string }> {
  const started = performance.now();
  // A conditional fetch() adds Cache-Control: no-cache unless one is given (the Fetch
  // standard), which forces a full answer; max-age=0 revalidates, as a browser's cache does.
  const res = await fetch(url, etag ? { headers: { 'If-None-Match': etag, 'Cache-Control': 'max-age=0' } } : {});
  const body = await res.arrayBuffer();
  if (res.status !== (etag ? 304 : 200)) throw new Error(`${url} answered ${res.status} (sent ${etag}, tag now ${res.headers.get("etag")})`);
  return { ms: performance.now() - started, bytes: body.byteLength, etag: String(res.headers.get('etag')) };
}

async function benchEngine(engine: Engine): Promise<void> {
  const bench = await freshDatabase(engine, process.env.BENCH_DATABASE_URL);
  const knex = bench.db.knex;
  let server: Server | undefined;
  try {
    console.log(`\n== ${engine}: ${bench.label}`);
    await loadSyntheticAssets(knex, 10_000);
    const viewer = await researcher(knex);
    const design = { strata: STRATA.map(([from, to]) => ({ from, to, count: PAIRS / 5 })), maxContactsPerService: Math.ceil(PAIRS / 5 / 600) + 2 };
    const c = await createCampaign(knex, viewer, campaignCreateSchema.parse({ name: `results ${PAIRS}`, approach: 'disclosed', design }));
    const drawn = await drawCampaign(knex, viewer, c.id, 77);
    // Simulated outcomes, deterministic from each pair's id: about 80% reached, outcomes 0–3.
    await knex.raw(
      `UPDATE campaign_pair SET
         status = CASE WHEN abs(hashtext(id::text)) % 100 < 80 THEN 'reached' ELSE 'unreachable' END,
         outcome = CASE WHEN abs(hashtext(id::text)) % 100 < 80 THEN abs(hashtext(id::text || 'o')) % 4 END,
         attempts_made = 1 WHERE campaign_id = ?`,
      [c.id],
    );
    const digestMs: number[] = [];
    for (let i = 0; i < REPEAT; i++) {
      const started = performance.now();
      await pairsDigest(knex, c.id);
      digestMs.push(performance.now() - started);
    }
    await closeCampaign(knex, viewer, c.id);
    await setPublished(knex, viewer, c.id, true);
    console.log(`${drawn.pairsDrawn} pairs drawn, closed and published; an open campaign's version query (pairs' digest): ${median(digestMs).toFixed(0)} ms (median of ${REPEAT})`);

    const app = createApp({ db: bench.db, config: loadConfig({ NODE_ENV: 'production', WAYMARK_DEMO: 'false', WAYMARK_RATE_LIMITS: 'false' }) });
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/campaigns/${c.id}`;
    for (const path of ['/pathways.geojson', '/pathways.geojson?layer=assets', '/results']) {
      const first = await timedGet(base + path);
      const again: number[] = [];
      const revalidated: number[] = [];
      for (let i = 0; i < REPEAT; i++) again.push((await timedGet(base + path)).ms);
      for (let i = 0; i < REPEAT; i++) revalidated.push((await timedGet(base + path, first.etag)).ms);
      console.log(`${path}: first ${first.ms.toFixed(0)} ms, then ${median(again).toFixed(0)} ms (median; ${again.map((m) => m.toFixed(0)).join(', ')}), ` +
        `${(first.bytes / 1e6).toFixed(1)} MB; revalidated (304) ${median(revalidated).toFixed(0)} ms`);
    }
  } finally {
    if (server) await new Promise((resolve) => server!.close(resolve));
    await bench.dispose();
  }
}

async function main(): Promise<void> {
  const engines: Engine[] = args.engines ? (args.engines.split(',') as Engine[]) : process.env.BENCH_DATABASE_URL ? ['embedded', 'server'] : ['embedded'];
  for (const e of engines) await benchEngine(e);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
