import type { Knex } from 'knex';
import { isPrivileged, type Viewer } from '../../auth/viewer';
import { assetView, siteView } from '../../assets/view';
import type { LocationAccess } from '../../assets/repo';
import { categoryCodes } from '../../domain/vocabulary';
import { badRequest, notFound } from '../../http/errors';
import type { GapParams, GapService } from '../../gaps/service';
import { listCampaigns } from '../../linkage/repo';
import { audienceOf } from '../../linkage/method-service';
import { pathways as pathwayLines } from '../../linkage/results-service';
import type { PathwayCollection } from '../../linkage/types';
import { currentPartnership } from '../../partnerships/repo';
import { partnershipSummary } from '../../reference/service';
import { COLLECTIONS, CONFORMANCE, CRS84, findCollection, mayRead, type CollectionDef } from './collections';
import { intersectsBbox, pageOf, withinDatetime } from './computed';
import { assetFeature, leroFeature, siteFeature, type Feature } from './features';
import { openApiDocument } from './openapi';
import { GAP_BANDS, parseItemsQuery, type ItemsQuery } from './query';
import * as repo from './repo';
import * as readModel from './read-model-repo';
import { publicEtag, type PublicReads } from '../../cache/public-reads';
import { VersionedCache } from '../../cache/read-cache';

/**
 * OGC API Features (Part 1: core, GeoJSON, OpenAPI 3.0) over published data. Masking is
 * the registry's: coordinates come from the viewer's geometry and views from
 * server/assets/view.ts, so QGIS or ArcGIS see what the public map shows.
 */
type Json = Record<string, unknown>;
const GEOJSON = 'application/geo+json';
const JSON_TYPE = 'application/json';
const roleOf = (viewer: Viewer) => viewer.user?.role ?? null;
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
export const openApi = (viewer: Viewer, base: string) => openApiDocument(base, COLLECTIONS.filter((c) => mayRead(c, roleOf(viewer))));

/** Where numberMatched is given (OGC API Features Part 1 lets a server leave it out). */
export const NUMBER_MATCHED_NOTE = 'numberMatched is given on the last page of a result, and on any page with numberMatched=true; otherwise it is left out (a next link says more follow).';

async function describe(knex: Knex, c: CollectionDef, base: string): Promise<Json> {
  const { bbox } = await partnershipSummary(knex);
  return {
    id: c.id,
    title: c.title,
    description: `${c.description} ${NUMBER_MATCHED_NOTE}`,
    itemType: 'feature',
    crs: [CRS84],
    extent: { spatial: { bbox: [bbox ?? [-180, -90, 180, 90]], crs: CRS84 }, temporal: { interval: [[null, null]] } },
    links: [
      link(`${base}/collections/${c.id}`, 'self', JSON_TYPE),
      link(`${base}/collections/${c.id}/items`, 'items', GEOJSON, `${c.title} (GeoJSON)`),
    ],
  };
}

/** The collections this viewer may read (gap cells only for the roles that read gaps). */
export async function collections(knex: Knex, viewer: Viewer, base: string): Promise<Json> {
  return {
    links: [link(`${base}/collections`, 'self', JSON_TYPE)],
    collections: await Promise.all(COLLECTIONS.filter((c) => mayRead(c, roleOf(viewer))).map((c) => describe(knex, c, base))),
  };
}

/** A collection the viewer may not read does not exist for them (404, as for an unknown one). */
function collectionOr404(id: string, viewer: Viewer): CollectionDef {
  const c = findCollection(id);
  if (!c || !mayRead(c, roleOf(viewer))) throw notFound('Collection');
  return c;
}

export async function collection(knex: Knex, viewer: Viewer, id: string, base: string): Promise<Json> {
  return describe(knex, collectionOr404(id, viewer), base);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Pathways of published campaigns, from the linkage service's own pathway lines, whose
 * ends are already masked for viewers who may not see sensitive places.
 */
async function pathwayFeatures(knex: Knex, viewer: Viewer, partnershipId: string, q: ItemsQuery, id?: string): Promise<Feature[]> {
  const campaigns = (await listCampaigns(knex, partnershipId, null, { closed: false, published: true, assignedTo: null }))
    .filter((c) => !q.campaignId || c.id === q.campaignId)
    .sort((a, b) => +new Date(a.publishedAt ?? 0) - +new Date(b.publishedAt ?? 0) || a.id.localeCompare(b.id));
  const features: Feature[] = [];
  for (const c of campaigns) {
    const updatedAt = c.publishedAt ? new Date(c.publishedAt) : null;
    if (!withinDatetime(updatedAt, q.datetime)) continue;
    const lines = (await pathwayLines(knex, viewer, c.id, 'lines')) as PathwayCollection;
    for (const f of lines.features) {
      const { pairId, ...p } = f.properties;
      if (id && pairId !== id) continue;
      if (q.status && p.status !== q.status) continue;
      if (q.outcome !== undefined && p.outcome !== q.outcome) continue;
      if (q.bbox && !intersectsBbox(f.geometry, q.bbox)) continue;
      features.push({ type: 'Feature', id: pairId, geometry: f.geometry, properties: { campaignId: c.id, campaignName: c.name, ...p, updatedAt: updatedAt?.toISOString() ?? null } });
    }
  }
  return features;
}

/** Gap cells for one category, every value computed by the gaps service from public points. */
async function gapCellFeatures(gaps: GapService, q: ItemsQuery, id?: string): Promise<Feature[]> {
  const [category, cellId] = id ? splitCellId(id) : [q.category!, undefined];
  if (!(categoryCodes as readonly string[]).includes(category)) return [];
  // parseItemsQuery has applied the gaps API's defaults; bands and weights stay at theirs.
  const { bands, weights } = GAP_BANDS;
  const params: GapParams = {
    cells: q.cells!, cellSize: q.cellSize!, threshold: q.threshold!, gapFraction: q.gapFraction!, group: q.group,
    bands: bands.map((upTo, i) => ({ upTo, weight: weights[i] })),
  };
  const cells = await gaps.cellFeatures(params, category, cellId);
  const features: Feature[] = [];
  for (const c of cells) {
    if (q.gap !== undefined && c.properties.gap !== q.gap) continue;
    const geometry = JSON.parse(c.geometry);
    if (q.bbox && !intersectsBbox(geometry, q.bbox)) continue;
    features.push({ type: 'Feature', id: `${category}.${c.id}`, geometry, properties: c.properties });
  }
  return features;
}

/** "mutual_aid.h12_-3" → category and cell id (a cell item is read with the default parameters). */
function splitCellId(id: string): [string, string] {
  const dot = id.indexOf('.');
  return dot > 0 ? [id.slice(0, dot), id.slice(dot + 1)] : ['', id];
}

/**
 * Gap cells and pathways, computed whole and kept per data version, so paging through them
 * or asking again costs no recomputation. Gap cells follow the assets and reference
 * versions; pathways the assets version (a site's point, mask or sensitivity) and the
 * linkage one (campaigns, pairs, attempts, second codings, agreements: migration
 * 2026120811). Pathways differ by the viewer's access (exact or masked ends) and audience
 * (the team sees every service, others only those that agreed to publication), so each
 * is its own entry: a masked viewer is never handed an exact answer.
 */
const gapAnswers = new VersionedCache<Feature[]>(200, 10 * 60_000);
const pathwayAnswers = new VersionedCache<Feature[]>(200, 10 * 60_000);

async function computedFeatures(knex: Knex, gaps: GapService, viewer: Viewer, c: CollectionDef, q: ItemsQuery, partnershipId: string, id?: string): Promise<{ all: Feature[]; tag: string }> {
  const versions = await repo.dataVersions(knex);
  const { limit: _limit, offset: _offset, numberMatched: _n, ...filters } = q;
  if (c.id === 'pathways') {
    const rights = `${accessOf(viewer)}.${audienceOf(viewer)}`;
    const tag = `${rights}.${versions.assets ?? 0}.${versions.linkage ?? 0}`;
    const key = `${tag}|${partnershipId}|${id ?? ''}|${JSON.stringify(filters)}`;
    return { all: await pathwayAnswers.get(key, 0, () => pathwayFeatures(knex, viewer, partnershipId, q, id)), tag: `pathways.${tag}` };
  }
  const tag = `${versions.assets ?? 0}.${versions.reference ?? 0}`;
  const key = `${tag}|${partnershipId}|${id ?? ''}|${JSON.stringify(filters)}`;
  return { all: await gapAnswers.get(key, 0, () => gapCellFeatures(gaps, q, id)), tag: `gaps.${tag}` };
}

async function fetchPage(knex: Knex, gaps: GapService, viewer: Viewer, c: CollectionDef, q: ItemsQuery, id?: string): Promise<{ features: Feature[]; matched: number; tag?: string }> {
  if (id !== undefined && c.featureIds === 'uuid' && !UUID.test(id)) throw badRequest('params.featureId', 'must be a UUID');
  const partnership = await currentPartnership(knex);
  if (c.id === 'pathways' || c.id === 'gap-cells') {
    const { all, tag } = await computedFeatures(knex, gaps, viewer, c, q, partnership.id, id);
    const { items, matched } = pageOf(all, q.offset, q.limit);
    return { features: items, matched, tag };
  }
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

/** The collections read from the public read model for every viewer who may not see exact places. */
const READ_MODEL_COLLECTIONS = new Set<CollectionDef['id']>(['assets', 'sites', 'leros']);
export const readsPublicModel = (c: CollectionDef, viewer: Viewer) => READ_MODEL_COLLECTIONS.has(c.id) && !isPrivileged(viewer);

async function readModelPage(knex: Knex, c: CollectionDef, q: ItemsQuery, partnershipId: string, id?: string): Promise<readModel.ReadModelPage> {
  const args = { partnershipId, bbox: q.bbox, datetime: q.datetime, limit: q.limit, offset: q.offset, count: q.numberMatched === true };
  if (c.id === 'assets') return readModel.assetsPage(knex, { ...args, category: q.category, whoFor: q.whoFor, peerLed: q.peerLed, organisationId: q.organisationId });
  if (c.id === 'sites') return readModel.sitesPage(knex, { ...args, id });
  return readModel.lerosPage(knex, { ...args, id, leroStage: q.leroStage, cleroMember: q.cleroMember });
}

/**
 * numberMatched on a read-model page: counted when asked for (numberMatched=true); else
 * given only when it costs nothing, on the last page (offset + returned), and left out
 * otherwise (OGC API Features Part 1, 7.15.7 allows it).
 */
export function matchedOf(q: Pick<ItemsQuery, 'numberMatched' | 'offset'>, page: Pick<readModel.ReadModelPage, 'matched' | 'more' | 'returned'>): number | undefined {
  if (q.numberMatched === false) return undefined;
  if (page.matched !== null) return page.matched;
  if (!page.more && (page.returned > 0 || q.offset === 0)) return q.offset + page.returned;
  return undefined;
}

/** The FeatureCollection's text around a features array already serialised (from SQL or JSON.stringify). */
function collectionText(c: CollectionDef, q: ItemsQuery, base: string, requestUrl: URL, page: { features: string; returned: number; more: boolean; matched?: number }): string {
  // next/prev keep every other parameter as given (bbox, datetime, property filters, numberMatched).
  const pageUrl = (offset: number) => {
    const url = new URL(`${base}/collections/${c.id}/items${requestUrl.search}`);
    url.searchParams.set('offset', String(offset));
    url.searchParams.set('limit', String(q.limit));
    return url.toString();
  };
  const self = new URL(`${base}/collections/${c.id}/items${requestUrl.search}`).toString();
  const links = [link(self, 'self', GEOJSON, 'This page'), link(`${base}/collections/${c.id}`, 'collection', JSON_TYPE)];
  if (page.more) links.push(link(pageUrl(q.offset + q.limit), 'next', GEOJSON, 'Next page'));
  if (q.offset > 0) links.push(link(pageUrl(Math.max(0, q.offset - q.limit)), 'prev', GEOJSON, 'Previous page'));
  const matched = page.matched === undefined ? '' : `"numberMatched":${page.matched},`;
  return `{"type":"FeatureCollection","features":${page.features},${matched}"numberReturned":${page.returned},"timeStamp":${JSON.stringify(new Date().toISOString())},"links":${JSON.stringify(links)}}`;
}

export type ItemsAnswer = { body: string; etag: string | null };

/**
 * A page of features. Assets, sites and LEROs for viewers who may not see exact places
 * come from the read model, kept per data version in the public-read cache and sent with
 * its ETag, as the listings are; the rest are computed per request.
 */
export async function items(knex: Knex, gaps: GapService, reads: PublicReads, viewer: Viewer, id: string, rawQuery: Record<string, unknown>, base: string, requestUrl: URL): Promise<ItemsAnswer> {
  const c = collectionOr404(id, viewer);
  const q = parseItemsQuery(c, rawQuery);
  if (readsPublicModel(c, viewer)) {
    const version = await reads.version();
    const body = await reads.answer(`ogc|${c.id}|${base}|${requestUrl.search}`, version, async () => {
      const partnership = await reads.partnership(version);
      const page = await readModelPage(knex, c, q, partnership.id);
      return collectionText(c, q, base, requestUrl, { features: page.body, returned: page.returned, more: page.more, matched: matchedOf(q, page) });
    });
    return { body, etag: publicEtag(version) };
  }
  const { features, matched, tag } = await fetchPage(knex, gaps, viewer, c, q);
  const body = collectionText(c, q, base, requestUrl, {
    features: JSON.stringify(features), returned: features.length, more: q.offset + features.length < matched, matched: q.numberMatched === false ? undefined : matched,
  });
  return { body, etag: tag ? `W/"ogc.${tag}"` : null };
}

async function readModelFeature(knex: Knex, c: CollectionDef, featureId: string): Promise<Feature | undefined> {
  if (!UUID.test(featureId)) throw badRequest('params.featureId', 'must be a UUID');
  const partnership = await currentPartnership(knex);
  if (c.id === 'assets') {
    const text = await readModel.assetFeatureText(knex, partnership.id, featureId);
    return text ? JSON.parse(text) : undefined;
  }
  const page = await readModelPage(knex, c, { ...parseItemsQuery(c, {}), limit: 1, offset: 0 }, partnership.id, featureId);
  return (JSON.parse(page.body) as Feature[])[0];
}

export async function item(knex: Knex, gaps: GapService, viewer: Viewer, id: string, featureId: string, base: string): Promise<Json> {
  const c = collectionOr404(id, viewer);
  const feature = readsPublicModel(c, viewer)
    ? await readModelFeature(knex, c, featureId)
    : (await fetchPage(knex, gaps, viewer, c, { ...parseItemsQuery(c, {}), limit: 1, offset: 0 }, featureId)).features[0];
  if (!feature) throw notFound('Feature');
  return {
    ...feature,
    links: [link(`${base}/collections/${c.id}/items/${encodeURIComponent(featureId)}`, 'self', GEOJSON), link(`${base}/collections/${c.id}`, 'collection', JSON_TYPE)],
  };
}

export const CONTENT_CRS = `<${CRS84}>`;
