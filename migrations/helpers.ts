import type { Knex } from 'knex';

/** Attach the audit trigger (see 2026112301) to a table. */
export async function auditTable(knex: Knex, table: string): Promise<void> {
  await knex.raw(`CREATE TRIGGER ?? AFTER INSERT OR UPDATE OR DELETE ON ?? FOR EACH ROW EXECUTE FUNCTION waymark_audit()`, [
    `${table}_audit`,
    table,
  ]);
}

export function checkIn(values: readonly string[]): string {
  return values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',');
}
