import { createDb } from './server/db';
import { listAssetsQuery } from './server/assets/repo';
async function main() {
  const db = await createDb({ dataDir: '/tmp/wm-prof/data' });
  const p = await db.knex('partnership').first('id');
  const q = listAssetsQuery(db.knex, { partnershipId: p.id, statuses: ['published'], bbox: { minLng: -1.9, minLat: 53.7, maxLng: -1.8, maxLat: 53.75 }, limit: 50, offset: 0 }, 'masked');
  const { sql, bindings } = q.toSQL().toNative();
  await db.knex.raw('ANALYZE'); for (let i=0;i<3;i++){const t=performance.now(); await db.knex.raw(q.toQuery()); console.log('run', performance.now()-t);} const r = await db.knex.raw(`EXPLAIN (ANALYZE, BUFFERS) ${q.toQuery()}`);
  console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
  const stats = await db.knex.raw(`select relname, n_live_tup, last_analyze, last_autoanalyze from pg_stat_user_tables where relname in ('asset','site','asset_site','organisation')`);
  console.log(stats.rows);
  await db.close();
}
main();
