import fs from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import type { Config } from './config';
import type { Db } from './db';
import { translateDbError } from './db/errors';
import { errorMiddleware, notFound } from './http/errors';
import { noSourceMaps, notFoundPage, securityHeaders } from './http/security';
import { admissionLimit, rateLimits, writeGate } from './http/limits';
import type { RegisteredRoute, RouteRegistry } from './http/route';
import { sessionMiddleware } from './auth/middleware';
import { authRoutes } from './auth/routes';
import { accessTokenRoutes } from './auth/tokens-routes';
import { assetRoutes } from './assets/routes';
import { reviewRoutes } from './review/routes';
import { organisationRoutes } from './organisations/routes';
import { referenceRoutes } from './reference/routes';
import { linkageRoutes } from './linkage/routes';
import { gapRoutes } from './gaps/routes';
import { areaImportRoutes } from './area-import/routes';
import { mountStandards } from './interop/routes';
import { meetingGuideRoutes, prefetchFeedUrl } from './interop/meeting-guide/routes';
import { fileRoutes } from './interop/files/routes';
import { hsdsExchangeRoutes } from './interop/openreferral/exchange-routes';
import { PublicReads } from './cache/public-reads';
import { tileRoutes } from './tiles/routes';
import { jobRoutes } from './jobs/routes';
import { boardRoutes } from './dashboard/routes';
import { leroRoutes } from './leros/routes';
import { participationRoutes } from './participation/routes';
import { connectRoutes } from './connect/routes';

export type AppDeps = { db: Db; config: Config };
export type App = express.Express & { routeTable: RegisteredRoute[] };

/** The express app without listen(): tests drive it with supertest. */
export function createApp({ db, config }: AppDeps): App {
  const app = express() as App;
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'simple');
  // No body is hashed for an ETag: public reads carry the data version's (server/http/versioned.ts).
  app.set('etag', false);

  app.use(securityHeaders(config));
  if (config.logRequests) {
    app.use((req, res, next) => {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        // A GIS client's access token may ride in the query: it is a credential, never logged.
        const url = req.originalUrl.replace(/([?&]access_token=)[^&#]*/gi, '$1[redacted]');
        console.log(`${req.method} ${url} ${res.statusCode} ${ms.toFixed(1)}ms`);
      });
      next();
    });
  }

  const api = Router();
  api.use(admissionLimit(config.maxInFlight));
  api.use(express.json({ limit: '1mb' }));
  api.use(sessionMiddleware(db.knex));
  if (config.rateLimits) api.use(rateLimits(config.rateLimits));
  // A feed named by URL is fetched before the gate: no write slot is held while waiting on it.
  api.use(prefetchFeedUrl(config));
  api.use(writeGate(config.writeGate));
  const registries: RouteRegistry[] = [];
  // One cache (and one data version) for every public read: listings, GeoJSON and tiles.
  const publicReads = new PublicReads(db.knex, config.readCache);
  for (const { router, registry } of [
    authRoutes(db.knex, config),
    accessTokenRoutes(db.knex),
    referenceRoutes(db.knex, config),
    organisationRoutes(db.knex),
    assetRoutes(db.knex, config, publicReads),
    reviewRoutes(db.knex),
    // Before the linkage routes: the dashboard snapshots a campaign as it closes.
    ...boardRoutes(db.knex, config),
    linkageRoutes(db.knex, config),
    gapRoutes(db.knex, config),
    areaImportRoutes(db.knex),
    meetingGuideRoutes(db.knex, config),
    fileRoutes(db.knex),
    hsdsExchangeRoutes(db.knex),
    jobRoutes(db.knex),
    leroRoutes(db.knex),
    participationRoutes(db.knex),
    connectRoutes(db.knex),
  ]) {
    api.use(router);
    registries.push(registry);
  }
  api.use((_req, _res, next) => next(notFound('Endpoint')));
  app.use('/api', api);
  registries.push(...mountStandards(app, db.knex, publicReads));
  registries.push(tileRoutes(app, db, publicReads));
  app.routeTable = registries.flatMap((r) => r.routes);

  // The built client (vite build → client/dist), when present.
  if (config.env === 'production') app.use(noSourceMaps);
  if (fs.existsSync(path.join(config.clientDir, 'index.html'))) {
    app.use(express.static(config.clientDir, { index: 'index.html', maxAge: config.env === 'production' ? '1h' : 0 }));
  }
  app.use(notFoundPage(config.clientDir));

  app.use(errorMiddleware(translateDbError));
  return app;
}
