import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Config } from '../config';
import { VOCABULARY } from '../domain/vocabulary';
import { RouteRegistry } from '../http/route';
import { databaseProbe } from '../http/limits';
import { postcodeSchema } from '../assets/schemas';
import { lookupPostcode, partnershipAreas, postcodeCoverage, partnershipSummary, placeLabelCollection } from './service';

export function referenceRoutes(knex: Knex, config: Config): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);
  const probeDatabase = databaseProbe(knex);

  routes.add({
    method: 'get', path: '/health', access: 'anyone', summary: 'Liveness and database reachability',
    handler: async () => ({ ok: true, database: await probeDatabase() }),
  });

  routes.add({
    method: 'get', path: '/vocabulary', access: 'anyone', summary: 'Controlled vocabularies with labels',
    handler: async () => VOCABULARY,
  });

  routes.add({
    method: 'get', path: '/config', access: 'anyone', summary: 'Client settings: basemap, demo mode, when the map reads tiles',
    handler: async () => ({ demo: config.demo, basemap: config.basemap, basemapStyle: config.basemapStyle, mapTilesFrom: config.mapTilesFrom }),
  });

  routes.add({
    method: 'get', path: '/partnership', access: 'anyone', summary: 'The partnership: name, local authorities, outline, bbox, published places, data attribution',
    handler: async () => partnershipSummary(knex),
  });

  routes.add({
    method: 'get', path: '/places', access: 'anyone', summary: 'Town and village names around the partnership (GeoNames, CC BY 4.0)',
    handler: async () => placeLabelCollection(knex),
  });

  routes.add({
    method: 'get', path: '/areas', access: 'anyone', summary: "The partnership's LSOAs (GeoJSON) with population and IMD 2019",
    handler: async () => partnershipAreas(knex),
  });

  routes.add({
    method: 'get', path: '/postcodes/:postcode', access: 'anyone', summary: 'Where a postcode is (ONS NSPL) and whether it is terminated',
    params: z.object({ postcode: postcodeSchema }),
    handler: async ({ params }) => lookupPostcode(knex, params.postcode),
  });

  routes.add({
    method: 'get', path: '/postcodes-coverage', access: ['coordinator', 'admin'], summary: "Which of the partnership's small areas have no postcodes loaded (where a postcode cannot place a record)",
    handler: async () => postcodeCoverage(knex),
  });

  return { router, registry: routes };
}
