import { Router, type Response } from 'express';
import type { Knex } from 'knex';
import type { Config } from '../config';
import { gapReadLimits } from '../http/expensive-reads';
import { RouteRegistry } from '../http/route';
import { ALL_CATEGORIES, sharedGapService, type GapParams } from './service';
import { GAP_READERS, cellsQuerySchema, csvQuerySchema, suggestionsQuerySchema, summaryQuerySchema, whatIfBodySchema } from './schemas';

type ParsedParams = Omit<GapParams, 'bands'> & { bands: number[]; weights: number[] };

const toParams = ({ cells, cellSize, areaKind, threshold, gapFraction, bands, weights, group }: ParsedParams): GapParams => ({
  cells, cellSize, areaKind, threshold, gapFraction, group, bands: bands.map((upTo, i) => ({ upTo, weight: weights[i] })),
});

const send = (res: Response, type: string, body: string) => {
  res.set('Cache-Control', 'private, no-store').type(type).send(body);
};

export function gapRoutes(knex: Knex, config: Pick<Config, 'expensiveReads'>): { router: Router; registry: RouteRegistry } {
  const router = Router();
  // Every gap read can cost seconds when its grid or analysis is not cached: a budget per account.
  const limits = gapReadLimits(config.expensiveReads);
  if (limits.length) router.use('/gaps', ...limits);
  const routes = new RouteRegistry(router);
  const gaps = sharedGapService(knex);

  routes.add({
    method: 'get', path: '/gaps/cells', access: GAP_READERS, summary: 'Gap measures per cell for one category (GeoJSON)', query: cellsQuerySchema,
    handler: async ({ query }, res) => send(res, 'application/geo+json', await gaps.cellsGeoJson(toParams(query), query.category)),
  });

  routes.add({
    method: 'get', path: '/gaps/cells.csv', access: GAP_READERS, summary: 'Gap measures, one row per cell and category (CSV)', query: csvQuerySchema,
    handler: async ({ query }, res) => {
      res.attachment('waymark-gaps.csv');
      send(res, 'text/csv; charset=utf-8', await gaps.cellsCsv(toParams(query), query.category ?? ALL_CATEGORIES));
    },
  });

  routes.add({
    method: 'get', path: '/gaps/summary', access: GAP_READERS, summary: 'Coverage and worst gaps per category', query: summaryQuerySchema,
    handler: async ({ query }) => gaps.summary(toParams(query), query.category ?? ALL_CATEGORIES),
  });

  routes.add({
    method: 'post', path: '/gaps/what-if', access: GAP_READERS, summary: 'Before/after with hypothetical assets (never saved)', body: whatIfBodySchema,
    handler: async ({ body }) => gaps.whatIf(toParams(body), body.category, body.assets),
  });

  routes.add({
    method: 'get', path: '/gaps/suggestions', access: GAP_READERS, summary: 'K suggested sites for a category (greedy maximal coverage)', query: suggestionsQuerySchema,
    handler: async ({ query }) => gaps.suggestions(toParams(query), query.category, query.k),
  });

  return { router, registry: routes };
}
