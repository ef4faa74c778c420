import type { Knex } from 'knex';
import { z } from 'zod';
import type { Bbox } from '../http/params';

/** How a viewer may see places: exact, or sensitive assets snapped to their 1 km grid cell. */
export type LocationAccess = 'exact' | 'masked';

export type AssetFilters = {
  partnershipId: string;
  statuses: string[];
  /** Volunteers: of the statuses asked for, only published records and their own. */
  unpublishedOnlyIfCreatedBy?: string;
  categories?: string[];
  tags?: string[];
  whoFor?: string[];
  organisationId?: string;
  q?: string;
  bbox?: Bbox;
  near?: { lat: number; lng: number; metres: number };
  updatedSince?: Date;
  peerLed?: boolean;
  sensitive?: boolean;
  staleOnly?: boolean;
  /** Records this user created (My records; the review queue's submitter filter). */
  createdBy?: string;
  /** Records with a site in this postcode district ("HX1"): the review queue's area filter. */
  outwardCode?: string;
  order?: 'name' | 'oldest_first' | 'newest_first' | 'least_recently_verified';
  /** An explicit listing order (GET /api/assets?sort=): overrides the default (distance when near, best match with q). */
  sort?: 'name' | 'distance' | 'none';
  limit: number;
  offset: number;
};

/** Rows are parsed where they enter (their sites are JSON the SQL builds): a drifted column fails here, named. */
const siteRow = z.object({
  id: z.string(),
  /** True when any asset at this place is sensitive (maintained by a trigger). */
  sensitive: z.boolean(),
  venueName: z.string().nullable(),
  address: z.string().nullable(),
  postcode: z.string().nullable(),
  lat: z.number(),
  lng: z.number(),
  /** The masking point (k-anonymous cell centre, see migration 2026112401) and how coarse it is. */
  gridLat: z.number(),
  gridLng: z.number(),
  /** How coarse a sensitive site's masking cell is: widened until it holds k live postcodes. */
  maskPrecision: z.enum(['grid_1km', 'grid_2km', 'outward_code']),
});
export type SiteRow = z.infer<typeof siteRow>;
export type MaskPrecision = SiteRow['maskPrecision'];

const assetRow = z.object({
  id: z.string(),
  version: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  /** The organisation's review status: an unpublished one is named to reviewers only (view.ts). */
  organisationStatus: z.enum(['pending', 'published', 'rejected']).nullable(),
  category: z.string(),
  tags: z.array(z.string()),
  sensitive: z.boolean(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  // In jsonb's own key order (and the columns' below in ASSET_COLUMNS' order): a parsed row keeps its keys' order, which is the API's.
  schedule: z.array(z.object({ day: z.number(), end: z.string().nullish(), note: z.string().nullish(), start: z.string() })),
  scheduleNotes: z.string().nullable(),
  whoFor: z.array(z.string()),
  selfReferral: z.boolean().nullable(),
  professionalReferral: z.boolean().nullable(),
  wheelchairAccess: z.boolean().nullable(),
  cost: z.string().nullable(),
  costNotes: z.string().nullable(),
  peerLed: z.boolean(),
  commissioning: z.string().nullable(),
  participationLevel: z.string().nullable(),
  status: z.string(),
  statusReason: z.string().nullable(),
  learnedFrom: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  publishedAt: z.date().nullable(),
  lastVerifiedAt: z.date().nullable(),
  lastVerifiedBy: z.string().nullable(),
  /** Set when a coordinator merged this record into another (the survivor). */
  mergedInto: z.string().nullable(),
  stale: z.boolean(),
  sites: z.array(siteRow),
  distanceMetres: z.number().nullish(),
});
export type AssetRow = z.infer<typeof assetRow>;
export const assetRows = z.array(assetRow);
const pointRows = z.array(z.object({ id: z.string(), lat: z.number(), lng: z.number() }));

/** An asset is stale once it has gone 12 months without anyone confirming it. */
export const STALE_AFTER = '12 months';

const point = (knex: Knex, lng: number, lat: number) => knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [lng, lat]);

/**
 * The geometry a viewer's filters and distances use: the exact point for privileged
 * viewers; for everyone else `geom_public`, which is the 1 km grid-cell centre at a
 * sensitive site, so a narrow search cannot pin a refuge down.
 */
const viewerGeom = (access: LocationAccess) => (access === 'exact' ? 's.geom' : 's.geom_public');

function sitesJson(knex: Knex) {
  return knex.raw(`coalesce((
      SELECT json_agg(json_build_object(
        'id', s.id, 'sensitive', s.sensitive, 'venueName', s.venue_name, 'address', s.address, 'postcode', s.postcode,
        'lat', ST_Y(s.geom), 'lng', ST_X(s.geom), 'gridLat', ST_Y(s.geom_grid), 'gridLng', ST_X(s.geom_grid),
        'maskPrecision', s.location_precision
      ) ORDER BY s.created_at, s.id)
      FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = a.id
    ), '[]'::json) AS sites`);
}

export const ASSET_COLUMNS = [
  'a.id', 'a.version', 'a.name', 'a.description', 'a.organisation_id as organisationId', 'o.name as organisationName', 'o.status as organisationStatus',
  'a.category', 'a.tags', 'a.sensitive', 'a.phone', 'a.email', 'a.website', 'a.schedule', 'a.schedule_notes as scheduleNotes',
  'a.who_for as whoFor', 'a.self_referral as selfReferral', 'a.professional_referral as professionalReferral',
  'a.wheelchair_access as wheelchairAccess', 'a.cost', 'a.cost_notes as costNotes', 'a.peer_led as peerLed',
  'a.commissioning', 'a.participation_level as participationLevel', 'a.status', 'a.status_reason as statusReason',
  'a.learned_from as learnedFrom', 'a.created_by as createdBy', 'a.created_at as createdAt', 'a.updated_at as updatedAt',
  'a.published_at as publishedAt', 'a.last_verified_at as lastVerifiedAt', 'a.last_verified_by as lastVerifiedBy',
  'a.merged_into as mergedInto',
];

function baseSelect(knex: Knex) {
  return knex('asset as a')
    .leftJoin('organisation as o', 'o.id', 'a.organisation_id')
    .select(ASSET_COLUMNS)
    .select(knex.raw(`(a.status = 'published' AND coalesce(a.last_verified_at, a.created_at) < now() - ?::interval) AS stale`, [STALE_AFTER]))
    .select(sitesJson(knex));
}

/**
 * Ids of assets with a site matching `predicate` (on `s`), driven by the site's spatial
 * index and then, per matching site, asset_site's covering (site_id, asset_id) index.
 * The lateral lookup is fenced (OFFSET 0) so the planner cannot turn it into a hash join
 * over every asset_site row, which it otherwise picks at ~1,000 matches (measured with
 * EXPLAIN ANALYZE at 200k assets on PostgreSQL 15, a 1,853-match bbox: the link step
 * took 25 ms as a hash join and 7 ms as index lookups).
 */
function assetsWithSite(knex: Knex, predicate: Knex.Raw) {
  return knex('site as s')
    .joinRaw('CROSS JOIN LATERAL (SELECT l.asset_id FROM asset_site l WHERE l.site_id = s.id OFFSET 0) x')
    .select('x.asset_id')
    .where(predicate);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The listing query, unexecuted (EXPLAIN-able); `listAssets` runs it. */
export function listAssetsQuery(knex: Knex, f: AssetFilters, access: LocationAccess): Knex.QueryBuilder {
  const q = baseSelect(knex).where('a.partnership_id', f.partnershipId);
  q.whereIn('a.status', f.statuses);
  if (f.unpublishedOnlyIfCreatedBy) {
    const me = f.unpublishedOnlyIfCreatedBy;
    q.where((w) => w.where('a.status', 'published').orWhere('a.created_by', me));
  }
  if (f.categories?.length) q.whereIn('a.category', f.categories);
  if (f.tags?.length) q.where(knex.raw('a.tags && ?::text[]', [f.tags]));
  if (f.whoFor?.length) q.where(knex.raw('a.who_for && ?::text[]', [f.whoFor]));
  if (f.organisationId) q.where('a.organisation_id', f.organisationId);
  if (f.updatedSince) q.where('a.updated_at', '>=', f.updatedSince);
  if (f.peerLed !== undefined) q.where('a.peer_led', f.peerLed);
  if (f.sensitive !== undefined) q.where('a.sensitive', f.sensitive);
  if (f.createdBy) q.where('a.created_by', f.createdBy);
  if (f.outwardCode) {
    const district = f.outwardCode;
    q.whereExists((w) => w.select(knex.raw('1')).from('asset_site as xo').join('site as so', 'so.id', 'xo.site_id')
      .whereRaw('xo.asset_id = a.id').where(knex.raw(`split_part(so.postcode, ' ', 1) = ?`, [district])));
  }
  if (f.staleOnly) {
    q.where('a.status', 'published').where(knex.raw('coalesce(a.last_verified_at, a.created_at) < now() - ?::interval', [STALE_AFTER]));
  }
  const text = f.q;
  if (text) {
    const like = `%${escapeLike(text)}%`;
    // Case and accents aside ("cafe" finds "Café"): both sides folded by waymark_fold (lower ∘ unaccent).
    q.where((w) => w
      .where(knex.raw('waymark_fold(a.name) LIKE waymark_fold(?)', [like]))
      .orWhere(knex.raw(`waymark_fold(coalesce(a.description, '')) LIKE waymark_fold(?)`, [like]))
      .orWhere(knex.raw('waymark_fold(a.name) % waymark_fold(?)', [text])));
  }
  const geom = viewerGeom(access);
  if (f.bbox) {
    const env = knex.raw('ST_MakeEnvelope(?, ?, ?, ?, 4326)', [f.bbox.minLng, f.bbox.minLat, f.bbox.maxLng, f.bbox.maxLat]);
    q.whereIn('a.id', assetsWithSite(knex, knex.raw(`${geom} && ?`, [env])));
  }
  if (f.near) {
    const { lat, lng, metres } = f.near;
    q.whereIn('a.id', assetsWithSite(knex, knex.raw(`ST_DWithin(${geom}::geography, ?::geography, ?)`, [point(knex, lng, lat), metres])));
    q.select(
      knex.raw(
        `(SELECT min(ST_Distance((${geom})::geography, ?::geography)) FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = a.id) AS "distanceMetres"`,
        [point(knex, lng, lat)],
      ),
    );
  }
  if (f.sort === 'name') {
    q.orderBy('a.name', 'asc');
  } else if (f.sort === 'none') {
    // Only the id below, so pages stay stable.
  } else if (f.near) {
    q.orderBy('distanceMetres', 'asc');
  } else if (f.q) {
    q.orderByRaw('similarity(waymark_fold(a.name), waymark_fold(?)) DESC', [f.q]);
  } else if (f.order === 'oldest_first') {
    q.orderBy('a.created_at', 'asc');
  } else if (f.order === 'newest_first') {
    q.orderBy('a.updated_at', 'desc');
  } else if (f.order === 'least_recently_verified') {
    q.orderByRaw('coalesce(a.last_verified_at, a.created_at) ASC');
  } else {
    q.orderBy('a.name', 'asc');
  }
  q.orderBy('a.id', 'asc').limit(f.limit).offset(f.offset);
  return q;
}

export async function listAssets(knex: Knex, f: AssetFilters, access: LocationAccess): Promise<AssetRow[]> {
  return assetRows.parse(await listAssetsQuery(knex, f, access));
}

export async function findAsset(knex: Knex, id: string): Promise<AssetRow | undefined> {
  const row = await baseSelect(knex).where('a.id', id).first();
  return row && assetRow.parse(row);
}

/** findAsset for many ids at once (imports compare thousands of known records), by id. */
export async function findAssetsByIds(knex: Knex, ids: string[]): Promise<Map<string, AssetRow>> {
  const found = new Map<string, AssetRow>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = assetRows.parse(await baseSelect(knex).whereIn('a.id', ids.slice(i, i + 5000)));
    for (const r of rows) found.set(r.id, r);
  }
  return found;
}

/** Sites' points as a viewer may know them (exact, or the public point): what duplicate checks start from. */
export async function sitePoints(knex: Knex, siteIds: string[], access: LocationAccess): Promise<{ id: string; lat: number; lng: number }[]> {
  if (!siteIds.length) return [];
  const geom = viewerGeom(access);
  return pointRows.parse(await knex('site as s').select('s.id', knex.raw(`ST_Y(${geom}) AS lat`), knex.raw(`ST_X(${geom}) AS lng`)).whereIn('s.id', siteIds));
}

export async function sitePointsOfAsset(knex: Knex, assetId: string, access: LocationAccess): Promise<{ id: string; lat: number; lng: number }[]> {
  const geom = viewerGeom(access);
  return pointRows.parse(await knex('asset_site as x')
    .join('site as s', 's.id', 'x.site_id')
    .select('s.id', knex.raw(`ST_Y(${geom}) AS lat`), knex.raw(`ST_X(${geom}) AS lng`))
    .where('x.asset_id', assetId));
}

/**
 * Of `ids`, the sites a non-privileged capturer may link a record to: in the partnership,
 * not sensitive (they cannot know where it is, and distances from it would locate it),
 * and already visible to them (a published record, or one of their own, uses it).
 */
export async function linkableSiteIds(knex: Knex, partnershipId: string, ids: string[], userId: string): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await knex('site as s')
    .select('s.id')
    .where('s.partnership_id', partnershipId)
    .whereIn('s.id', ids)
    .where('s.sensitive', false)
    .whereExists((q) =>
      q.select(knex.raw('1')).from('asset_site as x').join('asset as a', 'a.id', 'x.asset_id')
        .whereRaw('x.site_id = s.id')
        .where((w) => w.where('a.status', 'published').orWhere('a.created_by', userId)),
    );
  return new Set(rows.map((r: { id: string }) => r.id));
}

/** The ids of the sites an asset uses now. */
export async function siteIdsOfAsset(knex: Knex, assetId: string): Promise<string[]> {
  return (await knex('asset_site').select('site_id').where('asset_id', assetId)).map((r: { site_id: string }) => r.site_id);
}

/**
 * Of `siteIds`, those shown at their exact point today because another published record
 * uses them: masking such a place from now on cannot undo what was already shown.
 */
export async function exactlyShownSites(knex: Knex, siteIds: string[], assetId: string): Promise<string[]> {
  if (!siteIds.length) return [];
  const rows = await knex('site as s')
    .select('s.id')
    .whereIn('s.id', siteIds)
    .where('s.sensitive', false)
    .whereExists((q) =>
      q.select(knex.raw('1')).from('asset_site as x').join('asset as a', 'a.id', 'x.asset_id')
        .whereRaw('x.site_id = s.id').where('a.status', 'published').whereNot('a.id', assetId),
    );
  return rows.map((r: { id: string }) => r.id);
}

/** Of `siteIds`, those masked now and used by the asset. */
export async function sensitiveSitesOfAsset(knex: Knex, siteIds: string[], assetId: string): Promise<string[]> {
  if (!siteIds.length) return [];
  const rows = await knex('site as s').join('asset_site as x', 'x.site_id', 's.id')
    .select('s.id').whereIn('s.id', siteIds).where('s.sensitive', true).where('x.asset_id', assetId);
  return rows.map((r: { id: string }) => r.id);
}
