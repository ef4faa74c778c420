import { Router } from 'express';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { VOCABULARY } from '../domain/vocabulary';
import { RouteRegistry } from '../http/route';

export function referenceRoutes(_knex: Knex, config: Config): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);

  routes.add({
    method: 'get', path: '/health', access: 'anyone', summary: 'Liveness and database reachability',
    handler: async () => {
      await _knex.raw('select 1');
      return { ok: true };
    },
  });

  routes.add({
    method: 'get', path: '/vocabulary', access: 'anyone', summary: 'Controlled vocabularies with labels',
    handler: async () => VOCABULARY,
  });

  routes.add({
    method: 'get', path: '/config', access: 'anyone', summary: 'Client settings: basemap, demo mode',
    handler: async () => ({ demo: config.demo, basemap: config.basemap }),
  });

  return { router, registry: routes };
}
