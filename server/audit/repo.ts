import type { Knex } from 'knex';
import { z } from 'zod';

const auditEntry = z.object({
  // bigserial: the drivers give it as text; kept as they give it.
  id: z.union([z.string(), z.number()]),
  at: z.date(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.enum(['insert', 'update', 'delete']),
  tableName: z.string(),
  rowId: z.string(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/**
 * The trail of one record plus the rows that hang off it (for an asset: its site links
 * and the sites it uses), oldest first.
 */
export async function auditForRecord(knex: Knex, table: string, id: string, related: { table: string; rowIds: string[]; rowPrefix?: string }[] = []): Promise<AuditEntry[]> {
  const q = knex('audit_log as l')
    .leftJoin('app_user as u', 'u.id', 'l.actor_id')
    .select(
      'l.id',
      'l.at',
      'l.actor_id as actorId',
      'u.display_name as actorName',
      'l.action',
      'l.table_name as tableName',
      'l.row_id as rowId',
      'l.before',
      'l.after',
    )
    .where((w) => {
      w.where({ 'l.table_name': table, 'l.row_id': id });
      for (const r of related) {
        if (r.rowIds.length) w.orWhere((o) => o.where('l.table_name', r.table).whereIn('l.row_id', r.rowIds));
        if (r.rowPrefix) w.orWhere((o) => o.where('l.table_name', r.table).where('l.row_id', 'like', `${r.rowPrefix}%`));
      }
    })
    .orderBy('l.id', 'asc');
  return z.array(auditEntry).parse(await q);
}
