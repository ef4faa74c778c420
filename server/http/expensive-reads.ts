import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Viewer } from '../auth/viewer';
import type { ExpensiveReadLimits } from '../config';

/**
 * Budgets for the reads that cost seconds of CPU or megabytes when their cache is cold:
 * the gap analysis (signed-in staff only, so per account) and a campaign's results and
 * pathways (public once published: per account when signed in, per address otherwise).
 * Each router mounts its own in front of those routes; the answer is 429 with
 * Retry-After in the API's error shape, like server/http/limits.ts.
 */

const userOf = (res: Response) => (res.locals.viewer as Viewer | undefined)?.user?.id;

function budget(what: string, perMinute: number, key: 'account' | 'address'): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Proxies are configured by WAYMARK_TRUST_PROXY; these checks only log.
    validate: false,
    skip: (_req, res) => (key === 'account') !== Boolean(userOf(res)),
    keyGenerator: (req, res) => (key === 'account' ? `user:${userOf(res)}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`),
    handler: (req: Request, res: Response) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const wait = reset ? (reset.getTime() - Date.now()) / 1000 : 60;
      res.set('Retry-After', String(Math.max(1, Math.ceil(wait))));
      res.status(429).json({ error: { code: 'rate_limited', message: `Too many ${what} from your ${key}; try again in a moment.` } });
    },
  });
}

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
