import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RouteRegistry } from '../../http/route';
import { featureQuery, formatQuery } from './query';
import { sharedGapService } from '../../gaps/service';
import * as service from './service';
import type { PublicReads } from '../../cache/public-reads';
import { sendVersioned } from '../../http/versioned';

const collectionParams = z.object({ collectionId: z.string().min(1).max(100) });
// Record UUIDs, or gap cells' "category.cell" ids; each collection checks its own kind.
const featureParams = z.object({ collectionId: z.string().min(1).max(100), featureId: z.string().min(1).max(100) });
const anyQuery = z.record(z.string(), z.unknown());

/** OGC API Features at `prefix` (/ogc). Every route is public; what is shown depends on the viewer. */
export function ogcRoutes(knex: Knex, prefix: string, reads: PublicReads): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router, prefix);
  const base = (req: Request) => `${req.protocol}://${req.get('host')}${prefix}`;
  const gaps = sharedGapService(knex);

  routes.add({
    method: 'get', path: '/', access: 'anyone', summary: 'OGC API Features landing page', query: formatQuery,
    handler: async ({ req }) => service.landing(base(req)),
  });
  routes.add({
    method: 'get', path: '/conformance', access: 'anyone', summary: 'Conformance classes (core, geojson, oas30)', query: formatQuery,
    handler: async () => service.conformance(),
  });
  routes.add({
    method: 'get', path: '/api', access: 'anyone', summary: 'OpenAPI 3.0 description', query: formatQuery,
    handler: async ({ req, viewer }, res) => {
      res.type('application/vnd.oai.openapi+json;version=3.0');
      return service.openApi(viewer, base(req));
    },
  });
  routes.add({
    method: 'get', path: '/collections', access: 'anyone', summary: 'Feature collections', query: formatQuery,
    handler: async ({ req, viewer }) => service.collections(knex, viewer, base(req)),
  });
  routes.add({
    method: 'get', path: '/collections/:collectionId', access: 'anyone', summary: 'One feature collection', params: collectionParams, query: formatQuery,
    handler: async ({ params, req, viewer }) => service.collection(knex, viewer, params.collectionId, base(req)),
  });
  routes.add({
    method: 'get', path: '/collections/:collectionId/items', access: 'anyone', summary: 'Features (bbox, datetime, limit, property filters)', params: collectionParams, query: anyQuery,
    handler: async ({ params, query, viewer, req }, res) => {
      const { body, etag } = await service.items(knex, gaps, reads, viewer, params.collectionId, query, base(req), new URL(req.originalUrl, 'http://x'));
      res.set('Content-Crs', service.CONTENT_CRS);
      if (etag) return sendVersioned(res, etag, 'application/geo+json', body);
      res.type('application/geo+json').send(body);
      return undefined;
    },
  });
  routes.add({
    method: 'get', path: '/collections/:collectionId/items/:featureId', access: 'anyone', summary: 'One feature', params: featureParams, query: featureQuery,
    handler: async ({ params, viewer, req }, res) => {
      const body = await service.item(knex, gaps, viewer, params.collectionId, params.featureId, base(req));
      res.type('application/geo+json').set('Content-Crs', service.CONTENT_CRS);
      return body;
    },
  });
  return { router, registry: routes };
}
