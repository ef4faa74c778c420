import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RouteRegistry } from '../http/route';
import { uuidParam } from '../http/params';
import { organisationCreateSchema, organisationListQuerySchema, organisationUpdateSchema } from './schemas';
import * as service from './service';

const idParams = z.object({ id: uuidParam });

export function organisationRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);

  routes.add({
    method: 'get', path: '/organisations', access: 'anyone', summary: 'List organisations (LEROs, providers, fellowships …)',
    query: organisationListQuerySchema,
    handler: async ({ query }) => ({ items: await service.listOrganisations(knex, query) }),
  });
  routes.add({
    method: 'get', path: '/organisations/:id', access: 'anyone', summary: 'One organisation', params: idParams,
    handler: async ({ params }) => service.getOrganisation(knex, params.id),
  });
  routes.add({
    method: 'post', path: '/organisations', access: ['volunteer', 'coordinator', 'admin'], summary: 'Record an organisation',
    body: organisationCreateSchema,
    handler: async ({ body, viewer }, res) => {
      res.status(201);
      return service.createOrganisation(knex, viewer, body);
    },
  });
  routes.add({
    method: 'patch', path: '/organisations/:id', access: ['coordinator', 'admin'], summary: 'Change an organisation',
    params: idParams, body: organisationUpdateSchema,
    handler: async ({ params, body, viewer }) => service.updateOrganisation(knex, viewer, params.id, body),
  });
  routes.add({
    method: 'post', path: '/organisations/:id/archive', access: ['coordinator', 'admin'], summary: 'Archive (never delete) an organisation',
    params: idParams,
    handler: async ({ params, viewer }) => service.setArchived(knex, viewer, params.id, true),
  });
  routes.add({
    method: 'post', path: '/organisations/:id/restore', access: ['coordinator', 'admin'], summary: 'Restore an archived organisation',
    params: idParams,
    handler: async ({ params, viewer }) => service.setArchived(knex, viewer, params.id, false),
  });
  routes.add({
    method: 'get', path: '/organisations/:id/history', access: ['coordinator', 'admin'], summary: 'Audit trail of an organisation',
    params: idParams,
    handler: async ({ params }) => ({ items: await service.organisationHistory(knex, params.id) }),
  });

  return { router, registry: routes };
}
