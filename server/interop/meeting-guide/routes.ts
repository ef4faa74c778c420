import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RouteRegistry } from '../../http/route';
import { booleanParam } from '../../http/params';
import { uploadedText } from '../../http/upload';
import * as service from './service';
import { fetchFeed } from './fetch-feed';

const REVIEWERS = ['coordinator', 'admin'] as const;
export const MAX_FEED_BYTES = 20_000_000;
export const sourceKey = z.string().trim().regex(/^[a-z0-9][a-z0-9._-]{1,79}$/i, 'must be 2–80 letters, digits, dots, dashes or underscores');
const importQuery = z
  .object({
    source: sourceKey,
    publish: booleanParam.default(false),
    mode: z.enum(['all_or_nothing', 'valid_only']).default('all_or_nothing'),
    /** Fetch the feed from here instead of the request body (where the server has internet). */
    url: z.string().url().max(1000).refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://').optional(),
  })
  .strict();

/** Meeting Guide feeds in (file in the request body) and out. */
export function meetingGuideRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);
  routes.add({
    method: 'post', path: '/imports/meeting-guide', access: REVIEWERS, summary: 'Import a Meeting Guide feed (the JSON file as the body)', query: importQuery,
    handler: async ({ query: { url, ...query }, viewer, req }) =>
      service.importFeed(knex, viewer, { ...query, text: url ? await fetchFeed(url, MAX_FEED_BYTES) : await uploadedText(req, MAX_FEED_BYTES) }),
  });
  routes.add({
    method: 'get', path: '/exports/meeting-guide', access: 'anyone', summary: 'Published mutual-aid assets as a Meeting Guide feed', query: z.object({}).strict(),
    handler: async ({ viewer }) => service.exportFeed(knex, viewer),
  });
  return { router, registry: routes };
}
