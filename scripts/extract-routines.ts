/**
 * Write the database's routines into their `.sql` files: run the versioned migrations
 * (only those, not the routine pass) on a fresh embedded database, then, for every
 * function and view of schema public that no extension owns, write its definition
 * (pg_get_functiondef / pg_get_viewdef) into the file server/db/routine-files.ts lists for
 * it (file name = routine name without `waymark_`), keeping the file's header comment. A
 * routine with no file goes to server/db/sql/ and is reported: list it in routine-files.ts
 * (or move it beside its domain first).
 *
 * Use it after merging a branch whose migration still creates or replaces a function:
 *   npx tsx scripts/extract-routines.ts
 * then take the body out of the migration (npm test -- test/api/routine-drift.test.ts
 * says what is left). Routines the migrations alone do not create are left as they are.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../server/db';
import { migrationSource } from '../migrations';
import { REPO_ROOT, parseRoutine } from '../server/db/routines';
import { ROUTINE_FILES } from '../server/db/routine-files';
import { ROUTINE_DEFINITIONS_SQL } from '../server/db/routine-catalog';

const NEW_HEADER = '-- Extracted by scripts/extract-routines.ts: say here what it does and why, in a few lines.\n';

async function main(): Promise<void> {
  const db = await createDb({ memory: true });
  try {
    await db.knex.migrate.latest({ migrationSource });
    const { rows } = await db.knex.raw(ROUTINE_DEFINITIONS_SQL);
    const fileOf = new Map(ROUTINE_FILES.map((f) => [`waymark_${path.basename(f, '.sql')}`, f]));
    const written: string[] = [];
    const added: string[] = [];
    for (const { name, definition } of rows as { name: string; definition: string }[]) {
      const file = fileOf.get(name) ?? `server/db/sql/${name.replace(/^waymark_/, '')}.sql`;
      const full = path.join(REPO_ROOT, file);
      const old = fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : null;
      const header = old === null ? NEW_HEADER : old.slice(0, old.length - old.replace(/^(--[^\n]*\n|\s*\n)*/, '').length);
      const text = `${header}${definition.trimEnd()};\n`;
      if (old !== null && parseRoutine(file, old).statement === parseRoutine(file, text).statement) continue;
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
      (fileOf.has(name) ? written : added).push(file);
    }
    for (const f of written) console.log(`updated ${f}`);
    for (const f of added) console.log(`new     ${f}  (list it in server/db/routine-files.ts)`);
    if (!written.length && !added.length) console.log('Every routine the migrations create matches its file.');
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
