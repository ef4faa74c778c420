import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { Role } from '../domain/vocabulary';
import { uuidParam } from '../http/params';
import { RouteRegistry } from '../http/route';
import { entryCreateSchema, roundCreateSchema } from './schemas';
import * as service from './service';

const idParams = z.object({ id: uuidParam });
/** Who opens review rounds. */
const COORDINATORS: Role[] = ['coordinator', 'admin'];
/** Who records views: coordinators any perspective, volunteers for people in treatment. */
const RECORDERS: Role[] = ['volunteer', 'coordinator', 'admin'];

export function participationRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);

  routes.add({
    method: 'get', path: '/participation/rounds', access: 'signed_in', summary: 'Peer-participation review rounds, latest first',
    handler: async () => ({ items: await service.listRounds(knex) }),
  });
  routes.add({
    method: 'post', path: '/participation/rounds', access: COORDINATORS, summary: 'Open a review round: a date, the services in scope, the perspectives taking part',
    body: roundCreateSchema,
    handler: async ({ body, viewer }, res) => {
      res.status(201);
      return service.createRound(knex, viewer, body);
    },
  });
  routes.add({
    method: 'get', path: '/participation/rounds/:id', access: 'signed_in', summary: 'A review round with its services and every entry (none overwritten)',
    params: idParams,
    handler: async ({ params }) => service.getRound(knex, params.id),
  });
  routes.add({
    method: 'post', path: '/participation/rounds/:id/entries', access: RECORDERS, summary: 'Record a perspective’s rung for a service or the partnership (a new entry every time)',
    params: idParams, body: entryCreateSchema,
    handler: async ({ params, body, viewer }, res) => {
      res.status(201);
      return service.addEntry(knex, viewer, params.id, body);
    },
  });
  routes.add({
    method: 'get', path: '/participation/rounds/:id/profile', access: 'signed_in', summary: 'The partnership’s participation profile for a round, and the change since the last',
    params: idParams,
    handler: async ({ params }) => service.participationProfile(knex, params.id),
  });

  return { router, registry: routes };
}
