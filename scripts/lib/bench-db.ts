import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { createDb, migrateToLatest, type Db } from '../../server/db';

export type Engine = 'embedded' | 'server';

/** A fresh, migrated database of one engine, and how to get rid of it afterwards. */
export type BenchDb = {
  engine: Engine;
  db: Db;
  label: string;
  /** Where it lives, so another process can open it (after `db.close()` for the embedded engine). */
  location: { dataDir: string } | { databaseUrl: string };
  dispose(): Promise<void>;
};

/**
 * Embedded: PGlite persisted to a new temporary folder, as the app runs by default.
 * Server: a new database on the server `adminUrl` points at (a role that may CREATE
 * DATABASE; PostGIS installed there, or creatable by that role), dropped afterwards.
 */
export async function freshDatabase(engine: Engine, adminUrl?: string, nameHint?: string): Promise<BenchDb> {
  if (engine === 'embedded') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-'));
    const db = await createDb({ dataDir: dir });
    await migrateToLatest(db);
    return {
      engine,
      db,
      label: `embedded PGlite in ${dir}`,
      location: { dataDir: dir },
      dispose: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!adminUrl) throw new Error('the server engine needs BENCH_DATABASE_URL');
  const name = nameHint ?? `waymark_bench_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.raw('CREATE DATABASE ??', [name]));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // The app's own statement timeout would cut the bulk load's VACUUM short on a slow disk.
  const db = await createDb({ databaseUrl: url.toString(), statementTimeoutMs: 600_000 });
  await migrateToLatest(db);
  return {
    engine,
    db,
    label: `PostgreSQL server, database ${name} on ${url.host}`,
    location: { databaseUrl: url.toString() },
    dispose: async () => {
      await db.close();
      await withAdmin(adminUrl, (admin) => admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]));
    },
  };
}

async function withAdmin<T>(url: string, work: (admin: ReturnType<typeof knexFactory>) => Promise<T>): Promise<T> {
  const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}
