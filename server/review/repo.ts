import type { Knex } from 'knex';
import { z } from 'zod';

const submitterRow = z.object({ id: z.string(), displayName: z.string(), pending: z.coerce.number().int() });
export type Submitter = z.infer<typeof submitterRow>;

/** Everyone with a record waiting for review in this partnership, and how many, by name. */
export async function pendingSubmitters(knex: Knex, partnershipId: string): Promise<Submitter[]> {
  const rows = await knex('asset as a')
    .join('app_user as u', 'u.id', 'a.created_by')
    .where({ 'a.partnership_id': partnershipId, 'a.status': 'pending' })
    .groupBy('u.id', 'u.display_name')
    .orderBy([{ column: 'u.display_name' }, { column: 'u.id' }])
    .select('u.id', 'u.display_name as displayName', knex.raw('count(*)::int as pending'));
  return rows.map((r: unknown) => submitterRow.parse(r));
}
