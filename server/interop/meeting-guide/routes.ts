import { Router, type RequestHandler } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../../config';
import type { Viewer } from '../../auth/viewer';
import { httpError } from '../../http/errors';
import { OUTBOUND_FAILED, fetchText } from '../../http/outbound';
import { RouteRegistry, checkAccess } from '../../http/route';
import { booleanParam } from '../../http/params';
import { uploadedText } from '../../http/upload';
import * as service from './service';
import { isTimeZone } from './feed';

const REVIEWERS = ['coordinator', 'admin'] as const;
export const MAX_FEED_BYTES = 20_000_000;
export const sourceKey = z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{1,79}$/i, 'must be 2–80 letters, digits, dots, dashes or underscores');
const timezone = z.string().trim().max(64).refine(isTimeZone, 'is not a time zone name (IANA, e.g. Europe/London)');
const importQuery = z
  .object({
    source: sourceKey,
    publish: booleanParam.default(false),
    mode: z.enum(['all_or_nothing', 'valid_only']).default('all_or_nothing'),
    /** Fetch the feed from here instead of the request body (where the server has internet). */
    url: z.string().url().max(1000).refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://').optional(),
    /** The time zone of the feed's times where a meeting does not name its own (default: Europe/London). */
    timezone: timezone.optional(),
  })
  .strict();
const IMPORT_PATH = '/imports/meeting-guide';
type Prefetched = { url: string; text: string };

/**
 * A feed named by URL is fetched here, before the write gate (server/http/limits.ts) and
 * before any transaction: a feed that is slow or never answers holds neither a write slot
 * nor the database, so volunteers' writes carry on meanwhile. Mounted on the API router
 * ahead of the gate; only a reviewer's well-formed request fetches anything, and anything
 * else is left for the route to answer as usual.
 */
export function prefetchFeedUrl(config: Pick<Config, 'outbound'>): RequestHandler {
  return async (req, res, next) => {
    if (req.method !== 'POST' || req.path !== IMPORT_PATH) return next();
    const query = importQuery.safeParse(req.query);
    if (!query.success || !query.data.url) return next();
    try {
      checkAccess(REVIEWERS, res.locals.viewer as Viewer);
    } catch {
      return next();
    }
    try {
      const text = await fetchText(query.data.url, { maxBytes: MAX_FEED_BYTES, timeoutMs: config.outbound.timeoutMs, allowHosts: config.outbound.allowHosts });
      res.locals.prefetchedFeed = { url: query.data.url, text } satisfies Prefetched;
      next();
    } catch {
      // One answer for every failure: nothing about the far side (its status, address or reason) is told.
      next(httpError('feed_unavailable', `The feed could not be fetched.`, [{ field: 'query.url', message: OUTBOUND_FAILED }]));
    }
  };
}

/** Meeting Guide feeds in (file in the request body, or fetched from a URL) and out. */
export function meetingGuideRoutes(knex: Knex, config: Pick<Config, 'boundaryMarginM'>): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);
  routes.add({
    method: 'post', path: IMPORT_PATH, access: REVIEWERS, summary: 'Import a Meeting Guide feed (the JSON file as the body, or ?url=)', query: importQuery,
    handler: async ({ query: { url, ...query }, viewer, req }, res) => {
      const prefetched = res.locals.prefetchedFeed as Prefetched | undefined;
      if (url && prefetched?.url !== url) throw httpError('feed_unavailable', 'The feed could not be fetched.', [{ field: 'query.url', message: OUTBOUND_FAILED }]);
      const text = url ? prefetched!.text : await uploadedText(req, MAX_FEED_BYTES);
      return service.importFeed(knex, viewer, { ...query, text, boundaryMarginM: config.boundaryMarginM });
    },
  });
  routes.add({
    method: 'get', path: '/exports/meeting-guide', access: 'anyone', summary: 'Published mutual-aid assets as a Meeting Guide feed', query: z.object({}).strict(),
    handler: async ({ viewer }) => service.exportFeed(knex, viewer),
  });
  return { router, registry: routes };
}
