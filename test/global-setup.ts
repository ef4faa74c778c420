import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createDb, dumpEmbedded, migrateToLatest } from '../server/db';
import { ROUTINE_FILES } from '../server/db/routine-files';
import { loadFixture } from './fixture';
import { serverTemplateName, withAdminConnection } from './server-engine';

/**
 * Build the base database once per run: migrated, with the fixture loaded. The embedded
 * engine is dumped to a file each test file loads (~3 s instead of ~15 s); on a server
 * (TEST_DATABASE_URL) a template database is made that each test file clones.
 */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = serverTemplateName();
    await withAdminConnection(url, async (admin) => {
      await admin.raw(`DROP DATABASE IF EXISTS ??`, [template]);
      await admin.raw(`CREATE DATABASE ??`, [template]);
    });
    const db = await createDb({ databaseUrl: withDatabase(url, template) });
    await migrateToLatest(db);
    await loadFixture(db.knex);
    await db.close();
    process.env.WAYMARK_TEST_TEMPLATE = template;
  } else {
    process.env.WAYMARK_TEST_DUMP = await embeddedBaseDump();
  }
  console.log(`\nTest database ready (${url ? 'server engine' : 'embedded engine'}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * The embedded base is cached under node_modules/.cache, keyed by a hash of everything it
 * is built from (migrations and routine files among them), so repeat runs skip the ~15 s build; any change to those files rebuilds it.
 */
async function embeddedBaseDump(): Promise<string> {
  const root = path.resolve(__dirname, '..');
  const inputs = [
    ...fs.readdirSync(path.join(root, 'migrations')).sort().map((f) => path.join('migrations', f)),
    ...ROUTINE_FILES,
    'server/db/routine-files.ts',
    'server/db/routines.ts',
    'server/db/migrate.ts',
    'server/domain/vocabulary.ts',
    'test/fixture.ts',
    'package-lock.json',
  ];
  const hash = createHash('sha256');
  for (const f of inputs) hash.update(f).update(fs.readFileSync(path.join(root, f)));
  const cacheDir = path.join(root, 'node_modules', '.cache', 'waymark-test');
  const file = path.join(cacheDir, `base-${hash.digest('hex').slice(0, 16)}.tgz`);
  if (fs.existsSync(file)) return file;
  const db = await createDb({ memory: true });
  await migrateToLatest(db);
  await loadFixture(db.knex);
  const dump = await dumpEmbedded(db);
  await db.close();
  fs.mkdirSync(cacheDir, { recursive: true });
  for (const old of fs.readdirSync(cacheDir)) fs.rmSync(path.join(cacheDir, old), { force: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, dump);
  fs.renameSync(tmp, file); // atomic: a concurrent run never reads half a file
  return file;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
