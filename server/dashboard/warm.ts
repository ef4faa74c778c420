import type { Knex } from 'knex';
import { sharedGapService } from '../gaps/service';
import { CATEGORIES, DEFAULT_FOCUS, defaultGapParams } from './service';

/**
 * The dashboard's gap analyses computed once after a start, in the background, so the
 * first commissioner to open the dashboard does not wait for them (an England-sized
 * partnership: the 138,000-cell grid alone is about 20 s of SQL). Requests meanwhile
 * share the computations in flight (the gap service's caches hold promises). The measures
 * and the site suggestions run on worker threads, large row sets are parsed a slice at a
 * time, and between categories the event loop is let go (before the suggestions moved to
 * the pool, England's warming held it for at most about 0.5 s at a time, all of it theirs:
 * about 0.45 s per focus category). Server engine only
 * (main.ts): on the embedded engine the grid's statements would hold its one connection.
 */
export async function warmDashboard(knex: Knex, log: (msg: string) => void): Promise<void> {
  const started = Date.now();
  const gaps = sharedGapService(knex);
  const params = defaultGapParams();
  const yieldLoop = () => new Promise((resolve) => setImmediate(resolve));
  try {
    for (const category of CATEGORIES) {
      await gaps.cellGaps(params, category);
      await yieldLoop();
    }
    // The whole partnership's dashboard suggests three sites for each focus category.
    for (const category of DEFAULT_FOCUS) await gaps.suggestions(params, category, 3);
    log(`dashboard gap analyses warmed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (err) {
    log(`dashboard gap analyses not warmed (the first dashboard will compute them): ${(err as Error).message}`);
  }
}
