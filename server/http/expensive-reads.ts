import type { RequestHandler, Response } from 'express';
import type { Viewer } from '../auth/viewer';
import { limiter } from './limits';
import type { ExpensiveReadLimits } from '../config';

/**
 * Budgets for the reads that cost seconds of CPU or megabytes when their cache is cold:
 * the gap analysis (signed-in staff only, so per account) and a campaign's results and
 * pathways (public once published: per account when signed in, per address otherwise).
 * Each router mounts its own in front of those routes; the answer is 429 with
 * Retry-After in the API's error shape, like server/http/limits.ts.
 */

const userOf = (res: Response) => (res.locals.viewer as Viewer | undefined)?.user?.id;

/** Per account for signed-in callers; per address only for anonymous ones (an office shares one address). */
const budget = (what: string, perMinute: number, key: 'account' | 'address'): RequestHandler =>
  limiter(what, perMinute, (_req, res) => key === 'account' || !userOf(res), key);

/** Gap analysis reads (cells, CSV, summary, what-if, suggestions): anonymous callers are refused by the routes anyway. */
export function gapReadLimits(limits: ExpensiveReadLimits | null): RequestHandler[] {
  return limits ? [budget('gap analyses', limits.gapReadsPerAccount, 'account')] : [];
}

/** A campaign's results, summary export, comparison and pathway layers. */
export function resultsReadLimits(limits: ExpensiveReadLimits | null): RequestHandler[] {
  return limits
    ? [budget('results requests', limits.resultsReadsPerAccount, 'account'), budget('results requests', limits.resultsReadsPerAddress, 'address')]
    : [];
}
