import express, { Router, type Express } from 'express';
import type { Knex } from 'knex';
import { sessionMiddleware } from '../auth/middleware';
import { notFound } from '../http/errors';
import type { RouteRegistry } from '../http/route';
import { openReferralRoutes } from './openreferral/routes';
import { ogcRoutes } from './ogc/routes';
import type { PublicReads } from '../cache/public-reads';

/**
 * The open standards' APIs, each at the root its clients expect (outside /api): the
 * session is still read, so coordinators and admins see exact places and everyone else
 * the masked ones, exactly as in /api. Returns the registries for app.routeTable.
 */
export function mountStandards(app: Express, knex: Knex, reads: PublicReads): RouteRegistry[] {
  const mounts: { prefix: string; build: (prefix: string) => { router: Router; registry: RouteRegistry } }[] = [
    { prefix: '/openreferral/uk', build: (p) => openReferralRoutes(knex, p, 'uk') },
    { prefix: '/openreferral', build: (p) => openReferralRoutes(knex, p, 'hsds') },
    { prefix: '/ogc', build: (p) => ogcRoutes(knex, p, reads) },
  ];
  const registries: RouteRegistry[] = [];
  for (const { prefix, build } of mounts) {
    const { router, registry } = build(prefix);
    app.use(prefix, express.json({ limit: '1mb' }), sessionMiddleware(knex), router);
    registries.push(registry);
  }
  for (const { prefix } of mounts) app.use(prefix, (_req, _res, next) => next(notFound('Endpoint')));
  return registries;
}
