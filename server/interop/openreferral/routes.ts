import { Router, type Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { RouteRegistry } from '../../http/route';
import { uuidParam } from '../../http/params';
import { listQuery, pageQuery, termListQuery } from './query';
import type { Profile } from './schemas';
import * as service from './service';

const idParams = z.object({ id: uuidParam });
const noQuery = z.object({}).strict();
const baseUrl = (req: Request, prefix: string) => `${req.protocol}://${req.get('host')}${prefix}`;

/**
 * The Open Referral HSDS 3 API (read-only, published assets), mounted at `prefix`:
 * `/openreferral` speaks HSDS 3, `/openreferral/uk` the Open Referral UK profile (the
 * same records pruned to the ORUK schemas; ORUK has no /organizations).
 */
export function openReferralRoutes(knex: Knex, prefix: string, profile: Profile): { router: Router; registry: RouteRegistry } {
  const router = Router();
  const routes = new RouteRegistry(router, prefix);
  const hsds = profile === 'hsds';

  routes.add({
    method: 'get', path: '/', access: 'anyone', summary: `${hsds ? 'HSDS 3' : 'Open Referral UK'} API: version and profile`, query: noQuery,
    handler: async ({ req }) => service.landing(profile, baseUrl(req, prefix)),
  });
  routes.add({
    method: 'get', path: '/services', access: 'anyone', summary: 'Published services (search, taxonomy, proximity), paged', query: listQuery,
    handler: async ({ query, viewer }) => service.listServices(knex, viewer, query, profile),
  });
  routes.add({
    method: 'get', path: '/services/:id', access: 'anyone', summary: 'One published service, fully nested', params: idParams, query: noQuery,
    handler: async ({ params, viewer }) => service.getService(knex, viewer, params.id, profile),
  });
  routes.add({
    method: 'get', path: '/service_at_locations', access: 'anyone', summary: 'Services at their locations (proximity), paged', query: listQuery,
    handler: async ({ query, viewer }) => service.listServiceAtLocations(knex, viewer, query, profile),
  });
  routes.add({
    method: 'get', path: '/service_at_locations/:id', access: 'anyone', summary: 'One service at a location, fully nested', params: idParams, query: noQuery,
    handler: async ({ params, viewer }) => service.getServiceAtLocation(knex, viewer, params.id, profile),
  });
  routes.add({
    method: 'get', path: '/taxonomies', access: 'anyone', summary: 'Waymark vocabularies as HSDS taxonomies', query: pageQuery,
    handler: async ({ query }) => service.listTaxonomies(query),
  });
  routes.add({
    method: 'get', path: '/taxonomies/:id', access: 'anyone', summary: 'One taxonomy', params: idParams, query: noQuery,
    handler: async ({ params }) => service.getTaxonomy(params.id),
  });
  routes.add({
    method: 'get', path: '/taxonomy_terms', access: 'anyone', summary: 'Taxonomy terms', query: termListQuery,
    handler: async ({ query }) => service.listTaxonomyTerms(query),
  });
  routes.add({
    method: 'get', path: '/taxonomy_terms/:id', access: 'anyone', summary: 'One taxonomy term', params: idParams, query: noQuery,
    handler: async ({ params }) => service.getTaxonomyTerm(params.id),
  });
  if (hsds) {
    routes.add({
      method: 'get', path: '/organizations', access: 'anyone', summary: 'Organisations, paged', query: pageQuery,
      handler: async ({ query }) => service.listOrganizations(knex, query),
    });
    routes.add({
      method: 'get', path: '/organizations/:id', access: 'anyone', summary: 'One organisation with its published services', params: idParams, query: noQuery,
      handler: async ({ params, viewer }) => service.getOrganization(knex, viewer, params.id),
    });
  }
  return { router, registry: routes };
}
