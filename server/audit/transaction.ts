import type { Knex } from 'knex';
import type { Viewer } from '../auth/viewer';

/**
 * Every write runs inside one of these: a transaction whose audit trigger entries carry
 * the acting user (set transaction-locally, so pooled connections never leak it). If the
 * work throws, nothing it wrote survives.
 */
export async function writeTransaction<T>(knex: Knex, actorId: string | null, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return knex.transaction(async (trx) => {
    await trx.raw(`SELECT set_config('waymark.actor_id', ?, true)`, [actorId ?? '']);
    return work(trx);
  });
}

export const actorOf = (viewer: Viewer): string | null => viewer.user?.id ?? null;
