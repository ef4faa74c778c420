import type { Knex } from 'knex';
import type { Viewer } from '../auth/viewer';
import { HttpError } from '../http/errors';
import { transitionAsset } from './service';

export type BulkPublishResult = { published: string[]; failed: { id: string; message: string }[] };

/**
 * Publish several pending records. Each is its own transaction (and audit entries), so one
 * that someone else already decided does not undo the others; those are reported back.
 */
export async function bulkPublish(knex: Knex, viewer: Viewer, ids: string[]): Promise<BulkPublishResult> {
  const result: BulkPublishResult = { published: [], failed: [] };
  for (const id of [...new Set(ids)]) {
    try {
      await transitionAsset(knex, viewer, id, 'publish');
      result.published.push(id);
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      result.failed.push({ id, message: err.message });
    }
  }
  return result;
}
