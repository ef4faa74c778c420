import type { Knex } from 'knex';
import { isPrivileged, type Viewer } from '../../auth/viewer';
import { assetView, type AssetView } from '../../assets/view';
import type { LocationAccess } from '../../assets/repo';
import type { OrganisationRow } from '../../organisations/repo';
import { currentPartnership } from '../../partnerships/repo';
import { findPostcode } from '../../reference/repo';
import { httpError, notFound } from '../../http/errors';
import { WAYMARK_NAMESPACE, serviceAtLocationId } from '../ids';
import * as map from './mapping';
import * as repo from './repo';
import { pruneToSchema, readSchema, type Profile } from './schemas';
import { TAXONOMIES, TAXONOMY_TERMS, publicTerm, taxonomyId, termById } from './taxonomy';
import type { ListQuery, TermListQuery } from './query';

/**
 * The HSDS 3 API over published assets. Masking is the asset registry's: rows are read
 * with the viewer's geometry and turned into views by server/assets/view.ts before any
 * HSDS mapping, so the Open Referral output can only ever hold what GET /api/assets would.
 */
type Json = Record<string, unknown>;
export type Page<T = Json> = {
  total_items: number; total_pages: number; page_number: number; size: number;
  first_page: boolean; last_page: boolean; empty: boolean; contents: T[];
};

const accessOf = (viewer: Viewer): LocationAccess => (isPrivileged(viewer) ? 'exact' : 'masked');
const viewOf = (viewer: Viewer) => (row: Parameters<typeof assetView>[0]) => assetView(row, isPrivileged(viewer), false);

export function page<T>(contents: T[], total: number, pageNumber: number, perPage: number): Page<T> {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total, total_pages: totalPages, page_number: pageNumber, size: contents.length,
    first_page: pageNumber === 1, last_page: pageNumber >= totalPages, empty: contents.length === 0, contents,
  };
}

const shape = (profile: Profile, schemaFile: string) => (o: Json) => (profile === 'uk' ? (pruneToSchema(o, readSchema('uk', schemaFile), 'uk') as Json) : o);

export function landing(profile: Profile, baseUrl: string): Json {
  return {
    version: '3.0',
    profile: profile === 'uk' ? 'https://openreferraluk.org/' : 'https://docs.openreferral.org/en/latest/hsds/',
    openapi_url: profile === 'uk'
      ? 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json'
      : 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json',
    endpoints: ['/services', '/service_at_locations', '/taxonomies', '/taxonomy_terms', ...(profile === 'hsds' ? ['/organizations'] : [])].map((p) => baseUrl + p),
  };
}

/** Query → the asset registry's filters; null when a named taxonomy or term is not ours (nothing matches). */
async function filtersOf(knex: Knex, q: ListQuery): Promise<repo.PublishedFilters | null> {
  const partnership = await currentPartnership(knex);
  const f: repo.PublishedFilters = { partnershipId: partnership.id, q: q.search, organisationId: q.organization_id, updatedSince: q.modified_after };
  if (q.day !== undefined || q.start_time || q.end_time) f.sessions = { day: q.day, startFrom: q.start_time, endBy: q.end_time };
  for (const id of q.taxonomy_term_id ?? []) {
    const term = termById(id);
    if (!term) return null;
    if (term.key === 'category') f.categories = [...(f.categories ?? []), term.code];
    // Record details are attributes with a value, not classes: only peer-led (value "true") selects.
    else if (term.key === 'field') {
      if (term.code !== 'peer_led') return null;
      f.peerLed = true;
    } else f.whoFor = [...(f.whoFor ?? []), term.code as never];
  }
  if (q.taxonomy_id) {
    if (q.taxonomy_id === taxonomyId('who_for')) f.whoFor = f.whoFor ?? TAXONOMY_TERMS.filter((t) => t.key === 'who_for').map((t) => t.code as never);
    else if (q.taxonomy_id !== taxonomyId('category') && q.taxonomy_id !== taxonomyId('field')) return null;
  }
  if (q.proximity !== undefined) {
    const centre = q.postcode ? await findPostcode(knex, q.postcode) : { lat: q.lat!, lng: q.lng! };
    if (!centre) throw httpError('not_found', 'Postcode not found.', [{ field: 'query.postcode', message: 'is not a known postcode' }]);
    f.near = { lat: centre.lat, lng: centre.lng, metres: q.proximity };
  }
  return f;
}

async function organisationsFor(knex: Knex, views: AssetView[]): Promise<Map<string, OrganisationRow>> {
  const ids = [...new Set(views.flatMap((v) => (v.organisation ? [v.organisation.id] : [])))];
  return new Map((await repo.organisationsByIds(knex, ids)).map((o) => [o.id, o]));
}

export async function listServices(knex: Knex, viewer: Viewer, q: ListQuery, profile: Profile): Promise<Page> {
  const f = await filtersOf(knex, q);
  if (!f) return page([], 0, q.page, q.per_page);
  const access = accessOf(viewer);
  const paging = { limit: q.per_page, offset: (q.page - 1) * q.per_page };
  const [total, rows] = await Promise.all([repo.countAssets(knex, f, access), repo.listAssets(knex, f, access, paging)]);
  const views = rows.map(viewOf(viewer));
  if (q.minimal) return page(views.map((v) => ({ id: v.id, last_modified: new Date(v.updatedAt).toISOString() })), total, q.page, q.per_page);
  const organisations = await organisationsFor(knex, views);
  const contents = q.full
    ? views.map((v) => shape(profile, 'service.json')(map.serviceRecord(v, organisations.get(v.organisation?.id ?? ''))))
    : views.map((v) => shape(profile, 'compiled/service_list.json')(map.serviceBrief(v, organisations.get(v.organisation?.id ?? ''))));
  return page(contents, total, q.page, q.per_page);
}

async function publishedView(knex: Knex, viewer: Viewer, id: string): Promise<AssetView> {
  const partnership = await currentPartnership(knex);
  const [row] = await repo.assetsByIds(knex, partnership.id, [id], accessOf(viewer));
  if (!row) throw notFound('Service');
  return viewOf(viewer)(row);
}

export async function getService(knex: Knex, viewer: Viewer, id: string, profile: Profile): Promise<Json> {
  const view = await publishedView(knex, viewer, id);
  const organisations = await organisationsFor(knex, [view]);
  return shape(profile, 'service.json')(map.serviceRecord(view, organisations.get(view.organisation?.id ?? '')));
}

export async function listServiceAtLocations(knex: Knex, viewer: Viewer, q: ListQuery, profile: Profile): Promise<Page> {
  const f = await filtersOf(knex, q);
  if (!f) return page([], 0, q.page, q.per_page);
  const access = accessOf(viewer);
  const paging = { limit: q.per_page, offset: (q.page - 1) * q.per_page };
  const [total, pairs] = await Promise.all([repo.countPairs(knex, f, access), repo.listPairs(knex, f, access, paging)]);
  const rows = await repo.assetsByIds(knex, f.partnershipId, [...new Set(pairs.map((p) => p.assetId))], access);
  const views = new Map(rows.map((r) => [r.id, viewOf(viewer)(r)]));
  const full = q.full || q.full_service;
  const organisations = full ? await organisationsFor(knex, [...views.values()]) : new Map();
  const contents = pairs.map(({ assetId, siteId }) => {
    const view = views.get(assetId)!;
    const site = view.sites.find((s) => s.id === siteId)!;
    if (q.minimal) return { id: serviceAtLocationId(view.id, site.id), service_id: view.id, location_id: site.id };
    return full
      ? shape(profile, 'service_at_location.json')(map.serviceAtLocation(view, site, true, organisations.get(view.organisation?.id ?? '')))
      : shape(profile, 'compiled/service_at_location_list.json')(map.serviceAtLocation(view, site, false));
  });
  return page(contents, total, q.page, q.per_page);
}

export async function getServiceAtLocation(knex: Knex, viewer: Viewer, id: string, profile: Profile): Promise<Json> {
  const partnership = await currentPartnership(knex);
  const pair = await repo.findPair(knex, WAYMARK_NAMESPACE, id, partnership.id);
  if (!pair) throw notFound('Service at location');
  const view = await publishedView(knex, viewer, pair.assetId);
  const organisations = await organisationsFor(knex, [view]);
  const site = view.sites.find((s) => s.id === pair.siteId)!;
  return shape(profile, 'service_at_location.json')(map.serviceAtLocation(view, site, true, organisations.get(view.organisation?.id ?? '')));
}

export async function listOrganizations(knex: Knex, q: { search?: string; page: number; per_page: number }): Promise<Page> {
  const partnership = await currentPartnership(knex);
  const paging = { limit: q.per_page, offset: (q.page - 1) * q.per_page };
  const [total, rows] = await Promise.all([
    repo.countOrganisations(knex, partnership.id, q.search),
    repo.listOrganisations(knex, partnership.id, q.search, paging),
  ]);
  return page(rows.map((o) => map.organizationBrief(o)), total, q.page, q.per_page);
}

export async function getOrganization(knex: Knex, viewer: Viewer, id: string): Promise<Json> {
  const partnership = await currentPartnership(knex);
  const organisation = await repo.findOrganisation(knex, partnership.id, id);
  if (!organisation) throw notFound('Organization');
  const ids = await repo.publishedAssetIdsOfOrganisation(knex, id);
  const rows = await repo.assetsByIds(knex, partnership.id, ids, accessOf(viewer));
  const services = rows.map(viewOf(viewer)).map((v) => map.serviceBrief(v));
  return { ...map.organizationRecord(organisation), services };
}

const matches = (search: string | undefined, ...texts: string[]) => !search || texts.some((t) => t.toLowerCase().includes(search.toLowerCase()));

export function listTaxonomies(q: { search?: string; page: number; per_page: number }): Page {
  const all = TAXONOMIES.filter((t) => matches(q.search, t.name, t.description));
  return page(all.slice((q.page - 1) * q.per_page, q.page * q.per_page), all.length, q.page, q.per_page);
}

export function getTaxonomy(id: string): Json {
  const t = TAXONOMIES.find((x) => x.id === id);
  if (!t) throw notFound('Taxonomy');
  return t;
}

export function listTaxonomyTerms(q: TermListQuery): Page {
  // Waymark's terms are flat: every term is a top term and none has a parent.
  const all = TAXONOMY_TERMS.filter((t) => (!q.taxonomy_id || t.taxonomy_id === q.taxonomy_id) && !q.parent_id && matches(q.search, t.code, t.name)).map(publicTerm);
  return page(all.slice((q.page - 1) * q.per_page, q.page * q.per_page), all.length, q.page, q.per_page);
}

export function getTaxonomyTerm(id: string): Json {
  const t = TAXONOMY_TERMS.find((x) => x.id === id);
  if (!t) throw notFound('Taxonomy term');
  return publicTerm(t);
}
