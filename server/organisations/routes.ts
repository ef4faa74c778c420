import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RouteRegistry } from '../http/route';
import { uuidParam } from '../http/params';
import { organisationCreateSchema, organisationListQuerySchema, organisationRejectSchema, organisationUpdateSchema } from './schemas';
import * as service from './service';

const idParams = z.object({ id: uuidParam });

export function organisationRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);

  routes.add({
    method: 'get', path: '/organisations', access: 'anyone', summary: 'List organisations (LEROs, providers, fellowships …)',
    query: organisationListQuerySchema,
    handler: async ({ query, viewer }) => ({ items: await service.listOrganisations(knex, viewer, query) }),
  });
  routes.add({
    method: 'get', path: '/organisations/:id', access: 'anyone', summary: 'One organisation', params: idParams,
    handler: async ({ params, viewer }) => service.getOrganisation(knex, viewer, params.id),
  });
  routes.add({
    method: 'post', path: '/organisations', access: ['volunteer', 'coordinator', 'admin'], summary: 'Record an organisation (volunteers: pending review)',
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
    handler: async ({ params, viewer }) => ({ items: await service.organisationHistory(knex, viewer, params.id) }),
  });
  routes.add({
    method: 'post', path: '/organisations/:id/publish', access: ['coordinator', 'admin'], summary: 'Publish a pending or rejected organisation',
    params: idParams, body: z.object({}).strict(),
    handler: async ({ params, viewer }) => service.reviewOrganisation(knex, viewer, params.id, 'publish'),
  });
  routes.add({
    method: 'post', path: '/organisations/:id/reject', access: ['coordinator', 'admin'], summary: 'Reject a pending organisation, saying why',
    params: idParams, body: organisationRejectSchema,
    handler: async ({ params, body, viewer }) => service.reviewOrganisation(knex, viewer, params.id, 'reject', body.reason),
  });

  return { router, registry: routes };
}
