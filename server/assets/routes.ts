import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RouteRegistry } from '../http/route';
import { csvList, limitParam, offsetParam, uuidParam } from '../http/params';
import { categoryCodes } from '../domain/vocabulary';
import { bulkPublish } from './bulk-service';
import { assetCreateSchema, assetListQuerySchema, assetUpdateSchema, duplicateCheckSchema, mergeSchema, optionalReasonSchema, reasonSchema } from './schemas';
import { mergeAssets } from './duplicates/merge';
import * as service from './service';
import type { Config } from '../config';
import { checkSitesWithinBoundary } from '../partnerships/service';
import { publicEtag, type PublicReads } from '../cache/public-reads';
import { sendVersioned } from '../http/versioned';
import { assetFeatures } from './view';
import { firstFeatureId, publicListing, readsPublicModel } from './public-service';

const idParams = z.object({ id: uuidParam });
const pageQuery = z.object({ limit: limitParam(50, 500), offset: offsetParam }).strict();
const queueQuery = z.object({
  limit: limitParam(50, 500),
  offset: offsetParam,
  category: csvList(z.enum(categoryCodes)).optional(),
  area: z.string().trim().toUpperCase().regex(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/, 'is not a postcode district (e.g. HX1)').optional(),
  submitter: z.string().uuid().optional(),
}).strict();
const bulkPublishBody = z.object({ ids: z.array(z.string().uuid()).min(1).max(100) }).strict();
const emptyBody = z.object({}).strict();
const CAPTURERS = ['volunteer', 'coordinator', 'admin'] as const;
const REVIEWERS = ['coordinator', 'admin'] as const;

/** The review lifecycle's actions, each a POST on the asset; the rules live in service.transitionAsset. */
const LIFECYCLE: [service.LifecycleAction, string, z.ZodType<{ reason?: string }>][] = [
  ['publish', 'Publish a pending or rejected asset', emptyBody],
  ['reject', 'Reject a pending asset, saying why', reasonSchema],
  ['verify', 'Confirm a published asset is still right', emptyBody],
  ['archive', 'Archive an asset (there is no hard delete)', optionalReasonSchema],
  ['restore', 'Restore an archived asset to its former status', emptyBody],
];

/** The URL of the next page, or null when this page was not full. */
function nextLink(req: Request, returned: number, limit: number, offset: number): string | null {
  if (returned < limit) return null;
  const url = new URL(req.originalUrl, 'http://x');
  url.searchParams.set('offset', String(offset + limit));
  return url.pathname + url.search;
}

export function assetRoutes(knex: Knex, config: Config, reads: PublicReads): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);

  routes.add({
    method: 'get', path: '/assets', access: 'anyone', summary: 'List/filter assets (json or geojson)', query: assetListQuerySchema,
    handler: async ({ query, viewer, req }, res) => {
      if (readsPublicModel(viewer, query)) {
        // The public read model: the body comes from SQL as text and goes out as it is.
        const { version, page } = await publicListing(knex, reads, query);
        const tail = `"numberReturned":${page.returned},"next":${JSON.stringify(nextLink(req, page.returned, query.limit, query.offset))}}`;
        const body = query.format === 'geojson'
          ? `{"type":"FeatureCollection","features":${page.body},${tail}`
          : `{"items":${page.body},"limit":${query.limit},"offset":${query.offset},${tail}`;
        return sendVersioned(res, publicEtag(version), 'application/json', body);
      }
      const items = await service.listAssets(knex, viewer, query);
      const page = { numberReturned: items.length, next: nextLink(req, items.length, query.limit, query.offset) };
      if (query.format === 'geojson') return { type: 'FeatureCollection', features: assetFeatures(items, firstFeatureId(query.offset)), ...page };
      return { items, limit: query.limit, offset: query.offset, ...page };
    },
  });
  routes.add({
    method: 'post', path: '/assets/duplicates', access: CAPTURERS, summary: 'Likely duplicates of a name at some points', body: duplicateCheckSchema,
    handler: async ({ body, viewer }) => ({ items: await service.checkDuplicates(knex, viewer, body) }),
  });
  routes.add({
    method: 'get', path: '/assets/:id', access: 'anyone', summary: 'One asset', params: idParams,
    handler: async ({ params, viewer }) => service.getAsset(knex, viewer, params.id),
  });
  routes.add({
    method: 'post', path: '/assets', access: CAPTURERS, summary: 'Record an asset (volunteers: pending review)', body: assetCreateSchema,
    handler: async ({ body: { confirmOutsideBoundary, ...body }, viewer }, res) => {
      await checkSitesWithinBoundary(knex, viewer, body.sites, confirmOutsideBoundary, config.boundaryMarginM);
      const result = await service.createAsset(knex, viewer, body);
      res.status(result.replayed ? 200 : 201);
      return result;
    },
  });
  routes.add({
    method: 'patch', path: '/assets/:id', access: CAPTURERS, summary: 'Change an asset (volunteers: own pending only)',
    params: idParams, body: assetUpdateSchema,
    handler: async ({ params, body: { confirmOutsideBoundary, ...body }, viewer }) => {
      await checkSitesWithinBoundary(knex, viewer, body.sites, confirmOutsideBoundary, config.boundaryMarginM);
      return service.updateAsset(knex, viewer, params.id, body);
    },
  });
  for (const [action, summary, body] of LIFECYCLE) {
    routes.add({
      method: 'post', path: `/assets/:id/${action}`, access: REVIEWERS, summary, params: idParams, body,
      handler: async ({ params, body: { reason }, viewer }) => service.transitionAsset(knex, viewer, params.id, action, reason),
    });
  }
  routes.add({
    method: 'post', path: '/assets/:id/merge', access: REVIEWERS, summary: 'Merge a duplicate into the record to keep (it then redirects there)',
    params: idParams, body: mergeSchema,
    handler: async ({ params, body, viewer }) => mergeAssets(knex, viewer, params.id, body.survivorId, body.reason),
  });
  routes.add({
    method: 'get', path: '/assets/:id/history', access: REVIEWERS, summary: 'Audit trail of an asset and its sites', params: idParams,
    handler: async ({ params }) => ({ items: await service.assetHistory(knex, params.id) }),
  });
  routes.add({
    method: 'get', path: '/review/queue', access: REVIEWERS, summary: 'Pending assets, oldest first (filter by category, area, submitter)', query: queueQuery,
    handler: async ({ query, viewer }) => ({ items: await service.reviewList(knex, viewer, 'pending', query) }),
  });
  routes.add({
    method: 'get', path: '/review/stale', access: REVIEWERS, summary: 'Published assets not verified in 12 months', query: pageQuery,
    handler: async ({ query, viewer }) => ({ items: await service.reviewList(knex, viewer, 'stale', query) }),
  });

  routes.add({
    method: 'post', path: '/review/publish', access: REVIEWERS, summary: 'Publish several pending assets (each audited on its own)', body: bulkPublishBody,
    handler: async ({ body, viewer }) => bulkPublish(knex, viewer, body.ids),
  });
  routes.add({
    method: 'get', path: '/me/assets', access: CAPTURERS, summary: 'My records: what I sent, its status and any reason', query: pageQuery,
    handler: async ({ query, viewer }) => ({ items: await service.myAssets(knex, viewer, query) }),
  });

  return { router, registry: routes };
}
