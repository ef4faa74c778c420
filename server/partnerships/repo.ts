import type { Knex } from 'knex';
import { notFound } from '../http/errors';

export type Partnership = { id: string; name: string; slug: string; laCodes: string[] };

/**
 * A deployment serves one partnership today (the first created). Records carry
 * partnership_id so several can share a database later without a data migration.
 */
export async function currentPartnership(knex: Knex): Promise<Partnership> {
  const row = await knex('partnership')
    .select('id', 'name', 'slug', 'la_codes as laCodes')
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .first();
  if (!row) throw notFound('Partnership');
  return row;
}
