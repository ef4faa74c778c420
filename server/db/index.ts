import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { EmbeddedStatements } from './embedded-statements';
import { migrate } from './migrate';
import { embeddedPostgis } from './postgis-bundle';

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

// int8 (counts, bigserial) and numeric come back as strings from node-postgres; the API
// wants numbers, and the two engines must agree.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const toNumber = (v: string) => (v === null ? null : Number(v));

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

type PGliteInstance = import('@electric-sql/pglite').PGlite;
type QueryOptions = import('@electric-sql/pglite').QueryOptions;

async function embeddedProtocol() {
  const { protocol, parse } = await import('@electric-sql/pglite');
  return { serialize: protocol.serialize, parseResults: parse.parseResults, parseDescribeStatementResults: parse.parseDescribeStatementResults };
}

async function openEmbedded(target: Exclude<DbTarget, { databaseUrl: string }>, lock: DataDirLock | null): Promise<PGliteInstance> {
  // Loaded lazily so a server deployment never pays for the WASM bundle.
  const { PGlite } = await import('@electric-sql/pglite');
  const postgis = await embeddedPostgis((message) => console.log(`Waymark: ${message}`));
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const options = {
    extensions: { postgis, pg_trgm, unaccent },
    parsers: { [INT8_OID]: toNumber, [NUMERIC_OID]: toNumber },
  };
  if ('dataDir' in target) {
    try {
      return await PGlite.create({ ...options, dataDir: path.resolve(target.dataDir) });
    } catch (err) {
      lock?.release();
      throw err;
    }
  }
  if ('embeddedDump' in target) {
    return PGlite.create({ ...options, loadDataDir: new Blob([new Uint8Array(target.embeddedDump)]) });
  }
  return PGlite.create(options);
}

const embeddedHandles = new WeakMap<Knex, PGliteInstance>();

/**
 * The connection knex is given. PGlite runs each statement synchronously on this thread,
 * and knex hands the connection from one waiting query to the next in promise callbacks,
 * so a long queue of queries ran back to back without the event loop ever polling
 * sockets: new requests (and the answers to the 503/Retry-After guards in
 * http/limits.ts) waited unseen in the kernel until the queue was empty. Yielding to I/O
 * before each statement lets requests in between them. A query with a `name`
 * (knex `.options({ name })`, as node-postgres takes it on a server) runs as a named
 * prepared statement (embedded-statements.ts). knex's pool holds this one connection, so
 * no two statements ever overlap on it.
 */
function embeddedConnection(pglite: PGliteInstance, statements: EmbeddedStatements): PGliteInstance {
  const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));
  return new Proxy(pglite, {
    get(target, prop) {
      if (prop === 'query') {
        return async (sql: string, params?: unknown[], options?: QueryOptions & { name?: string }) => {
          await yieldToIo();
          if (options?.name) {
            const { name, ...rest } = options;
            return statements.query(name, sql, params, rest);
          }
          return target.query(sql, params, options);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

async function createEmbeddedDb(target: Exclude<DbTarget, { databaseUrl: string }>): Promise<Db> {
  let lock: DataDirLock | null = null;
  if ('dataDir' in target) {
    // One process per data folder: refuse a second before it opens (and forks) the data.
    fs.mkdirSync(path.resolve(target.dataDir), { recursive: true });
    lock = lockDataDir(path.resolve(target.dataDir));
  }
  const pglite = await openEmbedded(target, lock);
  const ClientPGLite = (await import('knex-pglite')).default;
  const knex = knexFactory({
    client: ClientPGLite as unknown as typeof Knex.Client,
    connection: { pglite: embeddedConnection(pglite, new EmbeddedStatements(pglite, await embeddedProtocol())) } as unknown as Knex.StaticConnectionConfig,
    // PGlite is a single connection: waiters queue, but in the app not for ever (a 503
    // with Retry-After beats a reply after the client gave up; see also http/limits.ts).
    // Tests and scripts start from a dump or memory and may queue bursts on purpose.
    acquireConnectionTimeout: 'dataDir' in target ? 10_000 : 120_000,
  });
  embeddedHandles.set(knex, pglite);
  return {
    knex,
    close: async () => {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
      lock?.release();
    },
    refreshStatistics: async () => {
      await knex.raw('ANALYZE');
    },
  };
}

/** Snapshot an embedded database so other processes can start from it in ~3 s (tests). */
export async function dumpEmbedded(db: Db): Promise<Buffer> {
  const pglite = embeddedHandles.get(db.knex);
  if (!pglite) throw new Error('dumpEmbedded needs an embedded database');
  const blob = (await pglite.dumpDataDir('gzip')) as Blob;
  return Buffer.from(await blob.arrayBuffer());
}

/** Versioned migrations, then changed routine files (migrate.ts); returns the migrations applied. */
export async function migrateToLatest(db: Db, options: { analyse?: boolean } = {}): Promise<string[]> {
  const { migrations } = await migrate(db.knex);
  // The app's start analyses once the server answers (main.ts); tests and scripts want plans now.
  if (options.analyse ?? true) await db.refreshStatistics();
  return migrations;
}
