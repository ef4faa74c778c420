import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RouteRegistry } from '../http/route';
import { getJob } from './service';

const jobParams = z.object({ id: z.uuid() }).strict();

/** A background job's state and progress, and at the end its report (or error). */
export function jobRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);
  routes.add({
    method: 'get', path: '/jobs/:id', access: 'signed_in', summary: 'A background job (yours, or any for admins): state, progress, report', params: jobParams,
    handler: async ({ params, viewer }, res) => {
      res.set('Cache-Control', 'private, no-store');
      return { job: await getJob(knex, viewer, params.id) };
    },
  });
  return { router, registry: routes };
}
