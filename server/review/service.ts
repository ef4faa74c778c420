import type { Knex } from 'knex';
import { currentPartnership } from '../partnerships/repo';
import { pendingSubmitters, type Submitter } from './repo';

/** The review queue's submitter picker: who has records waiting, with their counts. */
export async function listSubmitters(knex: Knex): Promise<Submitter[]> {
  const partnership = await currentPartnership(knex);
  return pendingSubmitters(knex, partnership.id);
}
