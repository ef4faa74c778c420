import { Router, type Response } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Role } from '../domain/vocabulary';
import { sharedGapService } from '../gaps/service';
import { uuidParam } from '../http/params';
import { RouteRegistry } from '../http/route';
import { registerQuerySchema } from './schemas';
import * as service from './service';

const idParams = z.object({ id: uuidParam });
const REVIEWERS: Role[] = ['coordinator', 'admin'];

// Each viewer's answer differs by what they may see (exact or masked places): never shared.
const send = (res: Response, type: string, body: string) => {
  res.set('Cache-Control', 'private, no-store').type(type).send(body);
};

export function leroRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);
  const gaps = sharedGapService(knex);

  routes.add({
    method: 'get', path: '/leros', access: 'anyone', summary: 'The LERO register: partnership figures and the published LEROs, filtered and sorted',
    query: registerQuerySchema,
    handler: async ({ query, viewer }) => service.register(knex, viewer, query),
  });
  routes.add({
    method: 'get', path: '/leros.csv', access: 'anyone', summary: 'The LERO register as CSV (the same filters)', query: registerQuerySchema,
    handler: async ({ query, viewer }, res) => {
      res.attachment('waymark-leros.csv');
      send(res, 'text/csv; charset=utf-8', await service.registerCsv(knex, viewer, query));
    },
  });
  routes.add({
    method: 'get', path: '/leros.geojson', access: 'anyone', summary: 'LEROs’ places as GeoJSON (masked as the map is)', query: registerQuerySchema,
    handler: async ({ query, viewer }, res) => send(res, 'application/geo+json', JSON.stringify(await service.registerGeoJson(knex, viewer, query))),
  });
  routes.add({
    method: 'get', path: '/leros/:id', access: 'anyone', summary: 'One LERO: its record, how often others knew it, the gaps it covers (gap readers)',
    params: idParams,
    handler: async ({ params, viewer }) => service.leroPage(knex, gaps, viewer, params.id),
  });
  routes.add({
    method: 'post', path: '/leros/:id/verify', access: REVIEWERS, summary: 'Confirm a LERO’s record is current', params: idParams,
    body: z.object({}).strict(),
    handler: async ({ params, viewer }) => service.verifyLero(knex, viewer, params.id),
  });

  return { router, registry: routes };
}
