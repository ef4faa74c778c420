import express, { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../db';
import { sessionMiddleware } from '../auth/middleware';
import { publicEtag, type PublicReads } from '../cache/public-reads';
import { RouteRegistry } from '../http/route';
import { notFound } from '../http/errors';
import { sendVersioned } from '../http/versioned';
import { assetTiles } from './service';
import { isTile } from './tile-math';

const whole = z.string().regex(/^[0-9]{1,7}$/, 'must be a whole number').transform(Number);
const tileParams = z.object({ z: whole, x: whole, y: whole }).refine(isTile, { message: 'is not a tile at that zoom (z 0–22, x and y below 2^z)', path: ['x'] });

/**
 * Vector tiles for the map (Mapbox Vector Tile 2.1, layer `assets`): the public view of
 * every published asset's places, the same bytes for every viewer, so shared caches may
 * keep them; they revalidate on the data version's ETag.
 */
export function tileRoutes(app: express.Express, db: Db, reads: PublicReads): RouteRegistry {
  const router = Router();
  const routes = new RouteRegistry(router, '/tiles');
  const tiles = assetTiles(db.knex, reads);
  routes.add({
    method: 'get', path: '/assets/:z/:x/:y.mvt', access: 'anyone', summary: 'Asset places as a vector tile (public points; ST_AsMVT or geojson-vt)', params: tileParams,
    handler: async ({ params }, res) => {
      const { version, body } = await tiles(params);
      sendVersioned(res, publicEtag(version), 'application/vnd.mapbox-vector-tile', body, 'public, no-cache');
    },
  });
  app.use('/tiles', sessionMiddleware(db.knex), router);
  // Anything else under /tiles is a JSON 404, as under /api.
  app.use('/tiles', (_req, _res, next) => next(notFound('Tile')));
  return routes;
}
