import { loadConfig } from './config';
import { createDb, migrateToLatest } from './db';
import { createApp } from './app';
import { pruneExpired } from './auth/service';
import { seedDemoIfEmpty } from '../seeds/demo';
import { failInterruptedJobs } from './jobs/service';
import { warmDashboard } from './dashboard/warm';

/** config → db → migrate → (demo seed) → app → listen; shuts down cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const started = Date.now();
  // Every step says when it began: a slow first start (PGlite's initdb, PostGIS) is not a silent one.
  const log = (msg: string) => console.log(`Waymark: [${((Date.now() - started) / 1000).toFixed(1)} s] ${msg}`);
  const config = loadConfig();
  const engine = config.databaseUrl ? 'PostgreSQL/PostGIS server (DATABASE_URL)' : `embedded PostGIS (PGlite) in ${config.dataDir}`;
  log(`opening the database: ${engine} …`);
  const db = await createDb(
    config.databaseUrl ? { databaseUrl: config.databaseUrl, statementTimeoutMs: config.statementTimeoutMs } : { dataDir: config.dataDir },
  );
  log('applying migrations …');
  const applied = await migrateToLatest(db, { analyse: false });
  if (applied.length) log(`applied ${applied.length} migration(s).`);
  if (config.demo) {
    const demo = await seedDemoIfEmpty(db, log);
    if (demo.logins.length) {
      console.log('Waymark: demo log-ins (demo mode only; the assets are fictional):');
      for (const l of demo.logins) console.log(`  ${l.role.padEnd(13)} ${l.email.padEnd(34)} ${l.password}`);
    }
  }
  await pruneExpired(db.knex);
  // Jobs a stopped process was running will never end. The embedded engine admits one
  // process, so all of its unfinished jobs are; on a server another live instance may be
  // running one, and it touches its job at least once a minute while it does.
  const interrupted = await failInterruptedJobs(db.knex, config.databaseUrl ? 120_000 : 0);
  if (interrupted) log(`${interrupted} job(s) interrupted by the last stop marked failed.`);
  // Expired sessions and old login attempts are dead weight; any instance may sweep them.
  const sweeper = setInterval(() => pruneExpired(db.knex).catch((err) => console.error('prune failed', err)), 3600_000);
  // The embedded engine has no autovacuum: refresh the planner's statistics now and then.
  const analyser = setInterval(() => db.refreshStatistics().catch((err) => console.error('analyse failed', err)), 600_000);
  analyser.unref();
  sweeper.unref();
  const app = createApp({ db, config });
  const server = app.listen(config.port, config.host, () => {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`Waymark: ready in ${secs} s at http://localhost:${config.port}`);
    // The planner's statistics need not block the first answer: refreshed once the server is up.
    const analysing = Date.now();
    db.refreshStatistics().then(
      () => log(`planner statistics refreshed (${((Date.now() - analysing) / 1000).toFixed(1)} s)`),
      // Busy from the first second (an import already holding the connection): the periodic refresh will do it.
      () => log('planner statistics deferred to the next periodic refresh (the database was busy)'),
    );
    // The dashboard's gap analyses, so its first reader does not wait (server engine: see warm.ts).
    if (config.databaseUrl) void warmDashboard(db.knex, log);
  });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`Waymark: ${signal}, closing …`);
    clearInterval(sweeper);
    clearInterval(analyser);
    server.close(() => {
      db.close().then(() => process.exit(0), () => process.exit(1));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err) => {
  console.error('Waymark failed to start:', err);
  process.exit(1);
});
