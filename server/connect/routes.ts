import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { categoryCodes, whoForCodes } from '../domain/vocabulary';
import { RouteRegistry } from '../http/route';
import { booleanParam, csvList, latitudeParam, limitParam, longitudeParam, numberParam } from '../http/params';
import { postcodeSchema } from '../assets/schemas';
import { PARTS_OF_DAY } from './needs';
import { findNearby } from './service';

/**
 * GET /api/connect/search: the query string is the whole search (the finder's short link
 * carries exactly it), so nothing about the person needs storing to reopen it.
 */
export const finderQuerySchema = z
  .object({
    postcode: postcodeSchema.optional(),
    town: z.string().trim().min(2).max(80).optional(),
    lat: latitudeParam.optional(),
    lng: longitudeParam.optional(),
    needs: z.string().trim().max(300).optional(),
    category: csvList(z.enum(categoryCodes)).optional(),
    whoFor: csvList(z.enum(whoForCodes)).optional(),
    days: csvList(z.enum(['0', '1', '2', '3', '4', '5', '6'])).optional(),
    times: csvList(z.enum(PARTS_OF_DAY)).optional(),
    free: booleanParam.optional(),
    stepFree: booleanParam.optional(),
    selfReferral: booleanParam.optional(),
    online: booleanParam.optional(),
    withinKm: numberParam.pipe(z.number().min(0.5).max(50)).default(5),
    limit: limitParam(20, 50),
  })
  .strict()
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), { message: 'lat and lng go together', path: ['lng'] })
  .refine((q) => q.postcode || q.town || q.lat !== undefined, { message: 'give a postcode, a town, or lat and lng', path: ['postcode'] });

export function connectRoutes(knex: Knex): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router);

  routes.add({
    method: 'get', path: '/connect/search', access: 'anyone',
    summary: 'The community-connector finder: the nearest published records that fit the needs (straight line, public points only)',
    query: finderQuerySchema,
    handler: async ({ query }, res) => {
      // The search names a person's place and needs: no shared cache keeps it.
      res.set('Cache-Control', 'no-store');
      return findNearby(knex, {
        postcode: query.postcode,
        town: query.town,
        lat: query.lat,
        lng: query.lng,
        words: query.needs,
        needs: {
          categories: query.category ?? [],
          whoFor: query.whoFor ?? [],
          days: (query.days ?? []).map(Number),
          times: query.times ?? [],
          free: query.free ?? false,
          stepFree: query.stepFree ?? false,
          selfReferral: query.selfReferral ?? false,
          online: query.online ?? false,
        },
        withinKm: query.withinKm,
        limit: query.limit,
      });
    },
  });

  return { router, registry: routes };
}
