import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { ROUTINE_FILES } from './routine-files';

/**
 * Routines (functions, trigger functions, views) live as `.sql` files, listed in
 * routine-files.ts. migrateToLatest applies, after the versioned migrations, every file
 * whose checksum differs from the one recorded in `waymark_routine` (Flyway's repeatable
 * migrations), in the declared order, in one transaction. Function bodies are not checked
 * while they are created (`check_function_bodies = off`), so a routine may name tables and
 * routines that come later in the list; the drift test (test/api/routine-drift.test.ts)
 * checks that what the database holds is what the files say.
 */
export const REPO_ROOT = path.resolve(__dirname, '../..');

export type Routine = {
  /** Path from the repository root. */
  file: string;
  /** The function or view name, without schema. */
  name: string;
  kind: 'function' | 'view';
  /** The CREATE OR REPLACE statement, without the header comment or the closing `;`. */
  statement: string;
  checksum: string;
};

const DEFINITION = /^CREATE OR REPLACE (FUNCTION|VIEW) public\.(\w+)/;

/** A routine file: a header of `--` lines (what and why), then one CREATE OR REPLACE statement ending in `;`. */
export function parseRoutine(file: string, text: string): Routine {
  const lines = text.split('\n');
  let first = 0;
  while (first < lines.length && (lines[first].startsWith('--') || lines[first].trim() === '')) first++;
  const statement = lines.slice(first).join('\n').trimEnd().replace(/;$/, '');
  const found = statement.match(DEFINITION);
  if (!found) throw new Error(`${file}: expected one CREATE OR REPLACE FUNCTION (or VIEW) public.… statement after the header`);
  return {
    file,
    name: found[2],
    kind: found[1] === 'VIEW' ? 'view' : 'function',
    statement,
    checksum: createHash('sha256').update(text).digest('hex'),
  };
}

export function readRoutines(): Routine[] {
  const routines = ROUTINE_FILES.map((file) => parseRoutine(file, fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')));
  const seen = new Set<string>();
  for (const r of routines) {
    if (seen.has(r.name)) throw new Error(`${r.file}: ${r.name} is defined by two routine files`);
    seen.add(r.name);
  }
  return routines;
}

async function createRoutines(trx: Knex | Knex.Transaction, routines: Routine[], record: boolean): Promise<void> {
  const { rows } = await trx.raw(`SELECT current_setting('check_function_bodies') AS setting`);
  await trx.raw(`SELECT set_config('check_function_bodies', 'off', true)`);
  for (const routine of routines) {
    await trx.raw(routine.statement);
    if (record) {
      await trx.raw(
        `INSERT INTO waymark_routine (name, checksum, applied_at) VALUES (?, ?, now())
         ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = excluded.applied_at`,
        [routine.name, routine.checksum],
      );
    }
  }
  await trx.raw(`SELECT set_config('check_function_bodies', ?, true)`, [rows[0].setting]);
}

/**
 * For a migration whose triggers (or backfill) need routines that exist before the final
 * pass: create these from their files now, inside the migration's transaction. The pass
 * after the migrations records them (and re-creates them, unchanged).
 */
export async function applyRoutines(knex: Knex, names: string[]): Promise<void> {
  const all = readRoutines();
  const wanted = names.map((name) => {
    const routine = all.find((r) => r.name === name);
    if (!routine) throw new Error(`applyRoutines: no routine file defines ${name} (server/db/routine-files.ts)`);
    return routine;
  });
  await createRoutines(knex, wanted, false);
}

// Any fixed number: instances starting together apply the files one after the other.
const ROUTINES_LOCK = 2026120650;

/** Apply every routine file whose checksum differs from the recorded one; returns their names. */
export async function applyChangedRoutines(knex: Knex): Promise<string[]> {
  const routines = readRoutines();
  const changedIn = async (k: Knex) => {
    const recorded = new Map<string, string>(
      (await k('waymark_routine').select('name', 'checksum')).map((r: { name: string; checksum: string }) => [r.name, r.checksum]),
    );
    return routines.filter((r) => recorded.get(r.name) !== r.checksum);
  };
  // An up-to-date database (every start but the first after a change) costs one read.
  if ((await changedIn(knex)).length === 0) return [];
  return knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [ROUTINES_LOCK]);
    const changed = await changedIn(trx);
    await createRoutines(trx, changed, true);
    return changed.map((r) => r.name);
  });
}
