import { createDb, migrateToLatest } from '/work/wt/hardening/server/db';
import { seedDemoIfEmpty } from '/work/wt/hardening/seeds/demo';
import { createApp } from '/work/wt/hardening/server/app';
import { loadConfig } from '/work/wt/hardening/server/config';
async function main() {
  const db = await createDb({ dataDir: '/tmp/wm-prof/data' });
  await migrateToLatest(db);
  await seedDemoIfEmpty(db, (m) => console.log(m));
  const app = createApp({ db, config: loadConfig({ NODE_ENV: 'test', WAYMARK_DEMO: 'false' }) });
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as any).port;
  const p = await db.knex('partnership').select(db.knex.raw('ST_XMin(boundary) x0, ST_YMin(boundary) y0, ST_XMax(boundary) x1, ST_YMax(boundary) y1')).first();
  console.log(p);
  const urls = [
    `/api/assets?bbox=${p.x0},${p.y0},${p.x1},${p.y1}&limit=500`,
    `/api/assets?format=geojson&status=published&limit=500`,
    `/api/assets?bbox=-1.9,53.7,-1.8,53.75`,
    `/api/assets?lat=53.72&lng=-1.86&withinMetres=2000`,
    `/api/organisations`,
    `/api/partnership`,
    `/api/health`,
  ];
  for (const u of urls) {
    const times: number[] = [];
    let n = 0;
    for (let i = 0; i < 8; i++) {
      const t = performance.now();
      const r = await fetch(`http://127.0.0.1:${port}${u}`);
      const b: any = await r.json();
      n = b.items?.length ?? b.features?.length ?? 0;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(u.slice(0, 70).padEnd(72), 'n', n, 'median ms', times[4].toFixed(1), 'min', times[0].toFixed(1));
  }
  server.close();
  await db.close();
}
main();
