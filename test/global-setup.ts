import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb, dumpEmbedded, migrateToLatest } from '../server/db';
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
    const db = await createDb({ memory: true });
    await migrateToLatest(db);
    await loadFixture(db.knex);
    const dump = await dumpEmbedded(db);
    await db.close();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waymark-test-'));
    const file = path.join(dir, 'base.tgz');
    fs.writeFileSync(file, dump);
    process.env.WAYMARK_TEST_DUMP = file;
  }
  console.log(`\nTest database ready (${url ? 'server engine' : 'embedded engine'}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
