import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RouteRegistry } from '../http/route';
import { uuidParam } from '../http/params';
import * as service from './tokens-service';

const newTokenBody = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(366).optional(),
}).strict();

/** A signed-in user's own read-only access tokens (for QGIS, GDAL): create (shown once), list, revoke. */
export function accessTokenRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);
  routes.add({
    method: 'post', path: '/auth/tokens', access: 'signed_in', summary: 'Create a personal read-only access token (shown once)', body: newTokenBody,
    handler: async ({ body, viewer }, res) => {
      res.status(201);
      return service.createToken(knex, viewer.user!.id, body);
    },
  });
  routes.add({
    method: 'get', path: '/auth/tokens', access: 'signed_in', summary: 'Your access tokens (never the token itself)',
    handler: async ({ viewer }) => ({ items: await service.listTokens(knex, viewer.user!.id) }),
  });
  routes.add({
    method: 'delete', path: '/auth/tokens/:id', access: 'signed_in', summary: 'Revoke one of your access tokens', params: z.object({ id: uuidParam }),
    handler: async ({ params, viewer }) => service.revokeToken(knex, viewer.user!.id, params.id),
  });
  return { router, registry: routes };
}
