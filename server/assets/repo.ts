import type { Knex } from 'knex';
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
  order?: 'name' | 'oldest_first' | 'least_recently_verified';
  limit: number;
  offset: number;
};

export type SiteRow = {
  id: string;
  /** True when any asset at this place is sensitive (maintained by a trigger). */
  sensitive: boolean;
  venueName: string | null;
  address: string | null;
  postcode: string | null;
  lat: number;
  lng: number;
  gridLat: number;
  gridLng: number;
};

export type AssetRow = {
  id: string;
  version: number;
  name: string;
  description: string | null;
  organisationId: string | null;
  organisationName: string | null;
  category: string;
  tags: string[];
  sensitive: boolean;
  phone: string | null;
  email: string | null;
  website: string | null;
  schedule: { day: number; start: string; end?: string | null; note?: string | null }[];
  scheduleNotes: string | null;
  whoFor: string[];
  selfReferral: boolean | null;
  professionalReferral: boolean | null;
  wheelchairAccess: boolean | null;
  cost: string | null;
  costNotes: string | null;
  peerLed: boolean;
  commissioning: string | null;
  participationLevel: string | null;
  status: string;
  statusReason: string | null;
  learnedFrom: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
  lastVerifiedAt: Date | null;
  lastVerifiedBy: string | null;
  stale: boolean;
  sites: SiteRow[];
  distanceMetres?: number | null;
};

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
        'lat', ST_Y(s.geom), 'lng', ST_X(s.geom), 'gridLat', ST_Y(s.geom_grid), 'gridLng', ST_X(s.geom_grid)
      ) ORDER BY s.created_at, s.id)
      FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = a.id
    ), '[]'::json) AS sites`);
}

export const ASSET_COLUMNS = [
  'a.id', 'a.version', 'a.name', 'a.description', 'a.organisation_id as organisationId', 'o.name as organisationName',
  'a.category', 'a.tags', 'a.sensitive', 'a.phone', 'a.email', 'a.website', 'a.schedule', 'a.schedule_notes as scheduleNotes',
  'a.who_for as whoFor', 'a.self_referral as selfReferral', 'a.professional_referral as professionalReferral',
  'a.wheelchair_access as wheelchairAccess', 'a.cost', 'a.cost_notes as costNotes', 'a.peer_led as peerLed',
  'a.commissioning', 'a.participation_level as participationLevel', 'a.status', 'a.status_reason as statusReason',
  'a.learned_from as learnedFrom', 'a.created_by as createdBy', 'a.created_at as createdAt', 'a.updated_at as updatedAt',
  'a.published_at as publishedAt', 'a.last_verified_at as lastVerifiedAt', 'a.last_verified_by as lastVerifiedBy',
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
  if (f.staleOnly) {
    q.where('a.status', 'published').where(knex.raw('coalesce(a.last_verified_at, a.created_at) < now() - ?::interval', [STALE_AFTER]));
  }
  const text = f.q;
  if (text) {
    const like = `%${escapeLike(text)}%`;
    q.where((w) => w.whereILike('a.name', like).orWhereILike('a.description', like).orWhere(knex.raw('a.name % ?', [text])));
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
    q.orderBy('distanceMetres', 'asc');
  } else if (f.q) {
    q.orderByRaw('similarity(a.name, ?) DESC', [f.q]);
  } else if (f.order === 'oldest_first') {
    q.orderBy('a.created_at', 'asc');
  } else if (f.order === 'least_recently_verified') {
    q.orderByRaw('coalesce(a.last_verified_at, a.created_at) ASC');
  } else {
    q.orderBy('a.name', 'asc');
  }
  q.orderBy('a.id', 'asc').limit(f.limit).offset(f.offset);
  return q;
}

export async function listAssets(knex: Knex, f: AssetFilters, access: LocationAccess): Promise<AssetRow[]> {
  return listAssetsQuery(knex, f, access);
}

export async function findAsset(knex: Knex, id: string): Promise<AssetRow | undefined> {
  return baseSelect(knex).where('a.id', id).first();
}

export async function sitePoints(knex: Knex, siteIds: string[]): Promise<{ id: string; lat: number; lng: number }[]> {
  if (!siteIds.length) return [];
  return knex('site').select('id', knex.raw('ST_Y(geom) AS lat'), knex.raw('ST_X(geom) AS lng')).whereIn('id', siteIds);
}

export async function sitePointsOfAsset(knex: Knex, assetId: string): Promise<{ id: string; lat: number; lng: number }[]> {
  return knex('asset_site as x')
    .join('site as s', 's.id', 'x.site_id')
    .select('s.id', knex.raw('ST_Y(s.geom) AS lat'), knex.raw('ST_X(s.geom) AS lng'))
    .where('x.asset_id', assetId);
}
