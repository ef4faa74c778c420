import type { Knex } from 'knex';
import { isPrivileged, type Viewer } from '../../auth/viewer';
import { assetView, siteView } from '../../assets/view';
import type { LocationAccess } from '../../assets/repo';
import { notFound } from '../../http/errors';
import { currentPartnership } from '../../partnerships/repo';
import { partnershipSummary } from '../../reference/service';
import { COLLECTIONS, CONFORMANCE, CRS84, findCollection, type CollectionDef } from './collections';
import { assetFeature, leroFeature, siteFeature, type Feature } from './features';
import { openApiDocument } from './openapi';
import { parseItemsQuery, type ItemsQuery } from './query';
import * as repo from './repo';

/**
 * OGC API Features (Part 1: core, GeoJSON, OpenAPI 3.0) over published data. Masking is
 * the registry's: coordinates come from the viewer's geometry and views from
 * server/assets/view.ts, so QGIS or ArcGIS see what the public map shows.
 */
type Json = Record<string, unknown>;
const GEOJSON = 'application/geo+json';
const JSON_TYPE = 'application/json';
const accessOf = (viewer: Viewer): LocationAccess => (isPrivileged(viewer) ? 'exact' : 'masked');
const link = (href: string, rel: string, type: string, title?: string) => ({ href, rel, type, ...(title ? { title } : {}) });

export function landing(base: string): Json {
  return {
    title: 'Waymark: recovery assets',
    description: 'Published recovery assets, sites and lived experience recovery organisations, as OGC API Features.',
    links: [
      link(`${base}`, 'self', JSON_TYPE, 'This document'),
      link(`${base}/api`, 'service-desc', 'application/vnd.oai.openapi+json;version=3.0', 'The API definition'),
      link(`${base}/conformance`, 'conformance', JSON_TYPE, 'Conformance classes'),
      link(`${base}/collections`, 'data', JSON_TYPE, 'Feature collections'),
    ],
  };
}

export const conformance = () => ({ conformsTo: CONFORMANCE });
export const openApi = (base: string) => openApiDocument(base);

async function describe(knex: Knex, c: CollectionDef, base: string): Promise<Json> {
  const { bbox } = await partnershipSummary(knex);
  return {
    id: c.id,
    title: c.title,
    description: c.description,
    itemType: 'feature',
    crs: [CRS84],
    extent: { spatial: { bbox: [bbox ?? [-180, -90, 180, 90]], crs: CRS84 }, temporal: { interval: [[null, null]] } },
    links: [
      link(`${base}/collections/${c.id}`, 'self', JSON_TYPE),
      link(`${base}/collections/${c.id}/items`, 'items', GEOJSON, `${c.title} (GeoJSON)`),
    ],
  };
}

export async function collections(knex: Knex, base: string): Promise<Json> {
  return {
    links: [link(`${base}/collections`, 'self', JSON_TYPE)],
    collections: await Promise.all(COLLECTIONS.map((c) => describe(knex, c, base))),
  };
}

function collectionOr404(id: string): CollectionDef {
  const c = findCollection(id);
  if (!c) throw notFound('Collection');
  return c;
}

export async function collection(knex: Knex, id: string, base: string): Promise<Json> {
  return describe(knex, collectionOr404(id), base);
}

async function fetchPage(knex: Knex, viewer: Viewer, c: CollectionDef, q: ItemsQuery, id?: string): Promise<{ features: Feature[]; matched: number }> {
  const partnership = await currentPartnership(knex);
  const access = accessOf(viewer);
  const common = { partnershipId: partnership.id, bbox: q.bbox, datetime: q.datetime };
  const page = { limit: q.limit, offset: q.offset };
  if (c.id === 'assets') {
    if (id) {
      const row = await repo.findAsset(knex, partnership.id, id, access);
      return { features: row ? [assetFeature(assetView(row, access === 'exact', false))] : [], matched: row ? 1 : 0 };
    }
    const filters = { categories: q.category ? [q.category] : undefined, whoFor: q.whoFor ? [q.whoFor] : undefined, peerLed: q.peerLed, organisationId: q.organisationId };
    const { rows, matched } = await repo.listAssets(knex, { ...common, ...filters }, access, page);
    return { features: rows.map((r) => assetFeature(assetView(r, access === 'exact', false))), matched };
  }
  if (c.id === 'sites') {
    const { rows, matched } = await repo.listSites(knex, { ...common, id }, access, page);
    return { features: rows.map((r) => siteFeature(siteView(r, access !== 'exact'), r)), matched };
  }
  const { rows, matched } = await repo.listLeros(knex, { ...common, id, leroStage: q.leroStage, cleroMember: q.cleroMember }, access, page);
  return { features: rows.map(leroFeature), matched };
}

/** A page of features with next/prev links that keep every other parameter as given. */
export async function items(knex: Knex, viewer: Viewer, id: string, rawQuery: Record<string, unknown>, base: string, requestUrl: URL): Promise<Json> {
  const c = collectionOr404(id);
  const q = parseItemsQuery(c, rawQuery);
  const { features, matched } = await fetchPage(knex, viewer, c, q);
  const pageUrl = (offset: number) => {
    const url = new URL(`${base}/collections/${c.id}/items${requestUrl.search}`);
    url.searchParams.set('offset', String(offset));
    url.searchParams.set('limit', String(q.limit));
    return url.toString();
  };
  const self = new URL(`${base}/collections/${c.id}/items${requestUrl.search}`).toString();
  const links = [link(self, 'self', GEOJSON, 'This page'), link(`${base}/collections/${c.id}`, 'collection', JSON_TYPE)];
  if (q.offset + features.length < matched) links.push(link(pageUrl(q.offset + q.limit), 'next', GEOJSON, 'Next page'));
  if (q.offset > 0) links.push(link(pageUrl(Math.max(0, q.offset - q.limit)), 'prev', GEOJSON, 'Previous page'));
  return { type: 'FeatureCollection', features, numberMatched: matched, numberReturned: features.length, timeStamp: new Date().toISOString(), links };
}

export async function item(knex: Knex, viewer: Viewer, id: string, featureId: string, base: string): Promise<Json> {
  const c = collectionOr404(id);
  const { features } = await fetchPage(knex, viewer, c, { limit: 1, offset: 0 }, featureId);
  if (!features.length) throw notFound('Feature');
  return {
    ...features[0],
    links: [link(`${base}/collections/${c.id}/items/${featureId}`, 'self', GEOJSON), link(`${base}/collections/${c.id}`, 'collection', JSON_TYPE)],
  };
}

export const CONTENT_CRS = `<${CRS84}>`;
