import type { Knex } from 'knex';
import { writeTransaction } from '../audit/transaction';
import { notFound } from '../http/errors';
import { currentPartnership } from '../partnerships/repo';
import * as repo from './repo';
import { DEFAULT_FOCUS, type DashboardService } from './service';
import { trendRows, type SnapshotFigures } from './trend';

/**
 * Dated snapshots of the whole partnership's dashboard: taken on demand, when a linkage
 * campaign closes, and monthly (see startMonthlySnapshots). Inserted through
 * writeTransaction (audited); the table refuses updates and deletes.
 */
export type SnapshotReason = 'on_demand' | 'campaign_closed' | 'monthly';
const MONTH_MS = 30 * 86_400_000;
/** "Change since" in a snapshot: the three months before it. */
const QUARTER_MS = 91 * 86_400_000;

export function createSnapshotService(knex: Knex, dashboards: DashboardService) {
  async function take(reason: SnapshotReason, actorId: string | null, campaignId: string | null = null, now = new Date()) {
    const partnership = await currentPartnership(knex);
    const { places: _places, ...figures } = await dashboards.dashboard({ place: null, since: new Date(now.getTime() - QUARTER_MS), focus: [...DEFAULT_FOCUS], now });
    const id = await writeTransaction(knex, actorId, (trx) => repo.insertSnapshot(trx, { partnershipId: partnership.id, reason, campaignId, takenBy: actorId, figures, takenAt: now }));
    return { id, takenAt: now.toISOString(), reason, campaignId };
  }

  async function figuresOf(id: string): Promise<{ takenAt: string; figures: SnapshotFigures }> {
    const partnership = await currentPartnership(knex);
    const row = await repo.getSnapshot(knex, partnership.id, id);
    if (!row) throw notFound('Snapshot');
    return { takenAt: new Date(row.takenAt).toISOString(), figures: (typeof row.figures === 'string' ? JSON.parse(row.figures) : row.figures) as SnapshotFigures };
  }

  return {
    take,
    async list() {
      const partnership = await currentPartnership(knex);
      return { items: (await repo.listSnapshots(knex, partnership.id)).map((r) => ({ ...r, takenAt: new Date(r.takenAt).toISOString() })) };
    },
    async get(id: string) {
      return figuresOf(id);
    },
    /** Two snapshots compared, the earlier as "before" whichever order they are given in. */
    async trend(firstId: string, secondId: string) {
      const [a, b] = [await figuresOf(firstId), await figuresOf(secondId)];
      const [before, after] = a.takenAt <= b.takenAt ? [{ id: firstId, ...a }, { id: secondId, ...b }] : [{ id: secondId, ...b }, { id: firstId, ...a }];
      return { before: { id: before.id, takenAt: before.takenAt }, after: { id: after.id, takenAt: after.takenAt }, rows: trendRows(before.figures, after.figures) };
    },
    /** The monthly snapshot, when the last of any kind is more than a month old (or there is none). */
    async monthlyIfDue(now = new Date()) {
      const partnership = await currentPartnership(knex);
      const last = await repo.latestSnapshotAt(knex, partnership.id);
      if (last && now.getTime() - last.getTime() < MONTH_MS) return null;
      return take('monthly', null, null, now);
    },
  };
}
export type SnapshotService = ReturnType<typeof createSnapshotService>;
