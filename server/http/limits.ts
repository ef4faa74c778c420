import type { Request, RequestHandler, Response } from 'express';
import type { Knex } from 'knex';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { RateLimits } from '../config';
import type { Viewer } from '../auth/viewer';
import { ERROR_STATUS, type ErrorCode } from './errors';
import { embeddedLivenessProbe } from '../db';

/**
 * Two guards in front of the database (mounted on the API router after the session is
 * known). Both answer in the API's error shape with Retry-After.
 */

const busy = (res: Response, code: ErrorCode, message: string, retryAfterS: number, field?: string) => {
  res.set('Retry-After', String(Math.max(1, Math.ceil(retryAfterS))));
  res.status(ERROR_STATUS[code]).json({ error: { code, message, ...(field ? { details: [{ field, message }] } : {}) } });
};

/**
 * Admission: at most `max` API requests in progress; beyond it a request gets 503 at once
 * instead of joining a queue it would wait in for many seconds (the embedded engine has
 * a single connection, so every query of every request waits its turn).
 */
export function admissionLimit(max: number): RequestHandler & { inFlight(): number } {
  let inFlight = 0;
  const handler = ((_req, res, next) => {
    if (inFlight >= max) return busy(res, 'busy', 'The server is busy; try again in a moment.', 1);
    inFlight++;
    res.locals.arrivedAt = Date.now();
    res.once('close', () => inFlight--);
    next();
  }) as RequestHandler & { inFlight(): number };
  handler.inFlight = () => inFlight;
  return handler;
}

/**
 * Writes take turns: at most `slots` at once, the rest wait here in order (not in the
 * database's connection queue, where every query of every waiting write would queue in
 * front of the readers' queries). Past `maxQueue` waiting, or after `maxWaitMs`, the
 * answer is 503 with Retry-After. The embedded engine runs one statement at a time, so
 * letting a hundred writes interleave their statements only made each take a hundred times
 * longer: one of the original complaints was that no writer had an answer within 10 s.
 */
export function writeGate(opts: { slots: number; maxQueue: number; maxWaitMs: number }): RequestHandler {
  let running = 0;
  const waiting: { admit: () => void }[] = [];
  const release = () => {
    running--;
    const next = waiting.shift();
    if (next) next.admit();
  };
  return (req, res, next) => {
    if (!isLimitedWrite(req)) return next();
    const start = () => {
      running++;
      res.once('close', release);
      next();
    };
    if (running < opts.slots) return start();
    if (waiting.length >= opts.maxQueue) return busy(res, 'busy', 'The server is busy with other changes; try again in a moment.', 2);
    const entry = {
      admit: () => {
        clearTimeout(timer);
        // The client may have gone while it waited.
        if (res.writableEnded || res.destroyed) return release();
        start();
      },
    };
    // The wait counts from the request's arrival (set by admissionLimit), not from here.
    const waited = Date.now() - ((res.locals.arrivedAt as number | undefined) ?? Date.now());
    const timer = setTimeout(() => {
      const i = waiting.indexOf(entry);
      if (i >= 0) waiting.splice(i, 1);
      busy(res, 'busy', 'The server is busy with other changes; try again in a moment.', 2);
    }, Math.max(0, opts.maxWaitMs - waited));
    waiting.push(entry);
  };
}

/** Reads that cost a query over many rows (listings, the LSOA layer, review queues). */
const EXPENSIVE_READS = new Set(['/assets', '/areas', '/organisations', '/review/queue', '/review/stale']);
const isWrite = (req: Request) => req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
// Login has its own throttle per account and address (auth/service.ts).
const isLimitedWrite = (req: Request) => isWrite(req) && req.path !== '/auth/login';
const isExpensiveRead = (req: Request) => req.method === 'GET' && EXPENSIVE_READS.has(req.path);
const userOf = (res: Response) => (res.locals.viewer as Viewer | undefined)?.user?.id;

/** A per-minute budget keyed by account (signed-in callers only) or address, answered 429 with Retry-After. */
export function limiter(name: string, perMinute: number, applies: (req: Request, res: Response) => boolean, key: 'address' | 'account'): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Proxies are configured by WAYMARK_TRUST_PROXY; these checks only log.
    validate: false,
    skip: (req, res) => !applies(req, res) || (key === 'account' && !userOf(res)),
    keyGenerator: (req, res) => (key === 'account' ? `user:${userOf(res)}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`),
    handler: (req, res) => {
      const info = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit;
      const wait = info?.resetTime ? (info.resetTime.getTime() - Date.now()) / 1000 : 60;
      busy(res, 'rate_limited', `Too many ${name} from your ${key === 'account' ? 'account' : 'address'}; try again in a moment.`, wait);
    },
  });
}

/** Per-address and per-account limits on writes and expensive reads, and per account on duplicate checks. */
export function rateLimits(limits: RateLimits): RequestHandler[] {
  const isDuplicateCheck = (req: Request) => req.method === 'POST' && req.path === '/assets/duplicates';
  return [
    limiter('changes', limits.writesPerAddress, isLimitedWrite, 'address'),
    limiter('changes', limits.writesPerAccount, isLimitedWrite, 'account'),
    limiter('searches', limits.readsPerAddress, isExpensiveRead, 'address'),
    limiter('searches', limits.readsPerAccount, isExpensiveRead, 'account'),
    // Each answer says whether a similar record is near a point: a budget per person keeps
    // anyone from probing the map with it.
    limiter('duplicate checks', limits.duplicateChecksPerAccount, isDuplicateCheck, 'account'),
  ];
}

/**
 * The health check's database probe, never stuck behind a long transaction: one probe at a
 * time, and if it has not answered within `waitMs` the answer is "busy" (the process
 * answers; the database is held by other work). On the embedded engine the probe is sent to
 * the engine's thread itself (db embeddedLivenessProbe), so it runs between the statements
 * of an import's transaction, which holds knex's one connection throughout: its wait is
 * the one statement under way, not the whole import. Should that fail (a transaction in
 * its aborted state refuses every statement until its rollback), and on the server
 * engine, it is `select 1` through knex; a database that fails answers with its error.
 */
// 200 ms, not longer: a liveness answer that waits half a second for a connection an import
// holds is itself the stall health should not show (issue 22's aim: p99 under 500 ms).
export function databaseProbe(knex: Knex, waitMs = 200, direct = embeddedLivenessProbe(knex)): () => Promise<'ok' | 'busy'> {
  let inFlight: Promise<'ok'> | null = null;
  const throughKnex = () => knex.raw('select 1').then(() => 'ok' as const);
  return () => {
    inFlight ??= (direct ? direct().then(() => 'ok' as const, throughKnex) : throughKnex()).finally(() => { inFlight = null; });
    let timer: NodeJS.Timeout | undefined;
    const busyAfter = new Promise<'busy'>((resolve) => { timer = setTimeout(() => resolve('busy'), waitMs); });
    return Promise.race([inFlight, busyAfter]).finally(() => clearTimeout(timer));
  };
}
