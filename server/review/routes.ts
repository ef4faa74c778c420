import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RouteRegistry } from '../http/route';
import * as service from './service';

const REVIEWERS = ['coordinator', 'admin'] as const;

/** What the review page needs beside the queue itself (which is server/assets' read). */
export function reviewRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);
  routes.add({
    method: 'get', path: '/review/submitters', access: REVIEWERS, summary: 'Who has records waiting for review, with how many (the queue’s submitter filter)',
    query: z.object({}).strict(),
    handler: async () => ({ items: await service.listSubmitters(knex) }),
  });
  return { router, registry: routes };
}
