import type { AssetView, SiteView } from '../../assets/view';
import type { LeroRow } from './repo';

/**
 * GeoJSON features for OGC API Features, from views the registry has already masked.
 * One geometry rule for all collections: no place → null, one → Point, more → MultiPoint.
 * Pure.
 */
type Geometry = { type: 'Point'; coordinates: number[] } | { type: 'MultiPoint'; coordinates: number[][] } | { type: 'LineString'; coordinates: number[][] }
  | { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] } | null;
export type Feature = { type: 'Feature'; id: string; geometry: Geometry; properties: Record<string, unknown> };

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function pointsGeometry(points: { lat: number; lng: number }[]): Geometry {
  if (!points.length) return null;
  if (points.length === 1) return { type: 'Point', coordinates: [points[0].lng, points[0].lat] };
  return { type: 'MultiPoint', coordinates: points.map((p) => [p.lng, p.lat]) };
}

export const scheduleText = (schedule: AssetView['schedule']) =>
  schedule.map((e) => `${DAYS[e.day]} ${e.start}${e.end ? `-${e.end}` : ''}`).join('; ') || null;

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export function assetFeature(a: AssetView): Feature {
  return {
    type: 'Feature',
    id: a.id,
    geometry: pointsGeometry(a.sites),
    properties: {
      name: a.name,
      category: a.category,
      description: a.description,
      organisationId: a.organisation?.id ?? null,
      organisationName: a.organisation?.name ?? null,
      peerLed: a.peerLed,
      whoFor: a.whoFor,
      schedule: scheduleText(a.schedule),
      phone: a.phone,
      email: a.email,
      website: a.website,
      siteIds: a.sites.map((s) => s.id).join(','),
      // An asset at several places reports the coarsest masking any of them has.
      locationPrecision: coarsestPrecision(a.sites.map((s) => s.locationPrecision)),
      lastVerifiedAt: iso(a.lastVerifiedAt),
      updatedAt: iso(a.updatedAt),
    },
  };
}

export function siteFeature(s: SiteView, extra: { assetCount: number; categories: string[]; updatedAt: Date }): Feature {
  return {
    type: 'Feature',
    id: s.id,
    geometry: pointsGeometry([s]),
    properties: {
      venueName: s.venueName,
      address: s.address,
      postcode: s.postcode,
      locationPrecision: s.locationPrecision,
      assetCount: extra.assetCount,
      categories: extra.categories,
      updatedAt: iso(extra.updatedAt),
    },
  };
}

export function leroFeature(o: LeroRow): Feature {
  return {
    type: 'Feature',
    id: o.id,
    geometry: pointsGeometry(o.points),
    properties: {
      name: o.name,
      website: o.website,
      leroStage: o.leroStage,
      cleroMember: o.cleroMember,
      localAuthoritiesServed: o.localAuthoritiesServed,
      publishedAssets: o.publishedAssets,
      updatedAt: iso(o.updatedAt),
    },
  };
}

const PRECISION_ORDER = ['exact', 'grid_1km', 'grid_2km', 'outward_code'] as const;
function coarsestPrecision(precisions: readonly string[]): string {
  return precisions.reduce((worst, p) => (PRECISION_ORDER.indexOf(p as never) > PRECISION_ORDER.indexOf(worst as never) ? p : worst), 'exact');
}
