import type { Knex } from 'knex';

/** Attach the row-level audit trigger (see 2026112301) to a table: what migrations before 2026120110 ran. */
export async function auditTable(knex: Knex, table: string): Promise<void> {
  await knex.raw(`CREATE TRIGGER ?? AFTER INSERT OR UPDATE OR DELETE ON ?? FOR EACH ROW EXECUTE FUNCTION waymark_audit()`, [
    `${table}_audit`,
    table,
  ]);
}

export function checkIn(values: readonly string[]): string {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
}

/**
 * Attach the set-based audit triggers (see 2026120110: one per event, reading transition
 * tables) to a table. Use this for new tables; auditTable is what the earlier migrations ran.
 */
export async function auditTableByStatement(knex: Knex, table: string): Promise<void> {
  const { rows } = await knex.raw(
    `SELECT a.attname AS name FROM pg_index i
     JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
     WHERE i.indrelid = ?::regclass AND i.indisprimary
     ORDER BY array_position(i.indkey::int2[], a.attnum)`,
    [table],
  );
  if (!rows.length) throw new Error(`${table} has no primary key to pair audit images by`);
  const keyArgs = rows.map((r: { name: string }) => `'${r.name.replace(/'/g, "''")}'`).join(', ');
  await knex.raw(`CREATE TRIGGER ?? AFTER INSERT ON ?? REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION waymark_audit_statement()`, [`${table}_audit_insert`, table]);
  await knex.raw(`CREATE TRIGGER ?? AFTER UPDATE ON ?? REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION waymark_audit_statement(${keyArgs})`, [`${table}_audit_update`, table]);
  await knex.raw(`CREATE TRIGGER ?? AFTER DELETE ON ?? REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION waymark_audit_statement()`, [`${table}_audit_delete`, table]);
}
