import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { EmbeddedThread } from './embedded-thread';
import { migrate } from './migrate';
import { INT8_OID, NUMERIC_OID, toNumber } from './type-parsers';

/**
 * The one place that builds the database handle. Everything else receives a `Db` and
 * speaks plain PostgreSQL/PostGIS through knex; no other module knows which engine it is.
 */
export type Db = {
  knex: Knex;
  /** Close the handle (and, for the embedded engine, flush it to disk). */
  close(): Promise<void>;
  /**
   * Keep the planner's statistics current. PGlite has no autovacuum, so without this its
   * tables are never analysed and the planner takes every table for empty: on the
   * 300-asset demo a bbox listing rescanned the sites once per asset (25,000 index
   * probes, 250–450 ms) instead of hashing them once (7 ms). A no-op on a server, where
   * autovacuum does it.
   */
  refreshStatistics(): Promise<void>;
};

export type DbTarget =
  /** A PostgreSQL/PostGIS server. */
  | { databaseUrl: string; statementTimeoutMs?: number; poolMax?: number }
  /** The embedded engine persisted in a folder (created on first use). */
  | { dataDir: string }
  /** The embedded engine started from a dump made by `dumpEmbedded` (tests share one). */
  | { embeddedDump: Buffer }
  /** The embedded engine in memory only. */
  | { memory: true };

export async function createDb(target: DbTarget): Promise<Db> {
  if ('databaseUrl' in target) return createServerDb(target);
  return createEmbeddedDb(target);
}

async function createServerDb(target: { databaseUrl: string; statementTimeoutMs?: number; poolMax?: number }): Promise<Db> {
  const pg = await import('pg');
  pg.types.setTypeParser(INT8_OID, toNumber);
  pg.types.setTypeParser(NUMERIC_OID, toNumber);
  const knex = knexFactory({
    client: 'pg',
    connection: {
      connectionString: target.databaseUrl,
      statement_timeout: target.statementTimeoutMs ?? 15000,
    } as Knex.PgConnectionConfig,
    pool: { min: 0, max: target.poolMax ?? 10 },
  });
  await knex.raw('select 1');
  return { knex, close: () => knex.destroy(), refreshStatistics: async () => {} };
}

async function createEmbeddedDb(target: Exclude<DbTarget, { databaseUrl: string }>): Promise<Db> {
  let lock: DataDirLock | null = null;
  if ('dataDir' in target) {
    // One process per data folder: refuse a second before it opens (and forks) the data.
    fs.mkdirSync(path.resolve(target.dataDir), { recursive: true });
    lock = lockDataDir(path.resolve(target.dataDir));
  }
  // PGlite on its own thread (embedded-thread.ts), so its statements never hold the event loop.
  const thread = new EmbeddedThread(
    'dataDir' in target ? { dataDir: path.resolve(target.dataDir) } : 'embeddedDump' in target ? { dump: target.embeddedDump } : { memory: true },
  );
  try {
    await thread.waitReady;
  } catch (err) {
    await thread.close().catch(() => {});
    lock?.release();
    throw err;
  }
  const ClientPGLite = (await import('knex-pglite')).default;
  const knex = knexFactory({
    client: ClientPGLite as unknown as typeof Knex.Client,
    connection: { pglite: thread } as unknown as Knex.StaticConnectionConfig,
    // PGlite is a single connection: waiters queue, but in the app not for ever (a 503
    // with Retry-After beats a reply after the client gave up; see also http/limits.ts).
    // Tests and scripts start from a dump or memory and may queue bursts on purpose.
    acquireConnectionTimeout: 'dataDir' in target ? 10_000 : 120_000,
  });
  embeddedHandles.set(knex, thread);
  return {
    knex,
    close: async () => {
      try {
        await knex.destroy();
        await thread.close();
      } finally {
        lock?.release();
      }
    },
    refreshStatistics: async () => {
      await knex.raw('ANALYZE');
    },
  };
}

const embeddedHandles = new WeakMap<Knex, EmbeddedThread>();

/**
 * For the health check: `select 1` sent straight to the embedded engine's thread, where it
 * runs between the statements of whatever holds knex's one connection (an import's
 * transaction), so the engine's liveness is known without waiting for that transaction.
 * Null on the server engine (its pool has other connections).
 */
export function embeddedLivenessProbe(knex: Knex): (() => Promise<unknown>) | null {
  const thread = embeddedHandles.get(knex);
  return thread ? () => thread.query('select 1') : null;
}

/** Snapshot an embedded database so other processes can start from it in ~3 s (tests). */
export async function dumpEmbedded(db: Db): Promise<Buffer> {
  const pglite = embeddedHandles.get(db.knex);
  if (!pglite) throw new Error('dumpEmbedded needs an embedded database');
  return pglite.dump();
}

/** Versioned migrations, then changed routine files (migrate.ts); returns the migrations applied. */
export async function migrateToLatest(db: Db, options: { analyse?: boolean } = {}): Promise<string[]> {
  const { migrations } = await migrate(db.knex);
  // The app's start analyses once the server answers (main.ts); tests and scripts want plans now.
  if (options.analyse ?? true) await db.refreshStatistics();
  return migrations;
}
