import type { AssetRow, MaskPrecision, SiteRow } from './repo';

/**
 * What a viewer is shown of an asset. Pure: no I/O, so the masking rules are unit-tested
 * on their own.
 *
 * Sensitive places — any site used by a published sensitive asset (a refuge, some
 * recovery housing), whichever asset at that site is being shown — keep their exact place
 * and street address from everyone but coordinators and admins: they get the centre of the
 * masking cell holding the site (the 1 km British National Grid cell, widened to 2 km or
 * to the outward code's area until it holds k live postcodes; see docs/privacy.md), no
 * address, and only the outward part of the postcode ("HX1").
 */
export type LocationPrecision = 'exact' | MaskPrecision;

export type SiteView = Omit<SiteRow, 'gridLat' | 'gridLng' | 'sensitive' | 'maskPrecision'> & { locationPrecision: LocationPrecision };

export type AssetView = Omit<AssetRow, 'sites' | 'organisationId' | 'organisationName' | 'organisationStatus' | 'lastVerifiedBy' | 'distanceMetres'> & {
  organisation: { id: string; name: string } | null;
  lastVerifiedBy: string | null;
  sites: SiteView[];
  distanceMetres?: number | null;
};

export const outwardCode = (postcode: string | null): string | null => (postcode ? postcode.trim().split(/\s+/)[0] : null);

/** `masked`: the viewer may not see exact places; only sensitive sites are then changed. */
export function siteView(site: SiteRow, masked: boolean): SiteView {
  if (!masked || !site.sensitive) {
    return { id: site.id, venueName: site.venueName, address: site.address, postcode: site.postcode, lat: site.lat, lng: site.lng, locationPrecision: 'exact' };
  }
  return {
    id: site.id,
    venueName: null, // a venue name can identify a refuge as surely as an address
    address: null,
    postcode: outwardCode(site.postcode),
    lat: site.gridLat,
    lng: site.gridLng,
    locationPrecision: site.maskPrecision,
  };
}

export function assetView(row: AssetRow, seesExactLocations: boolean, seesInternals: boolean): AssetView {
  const masked = !seesExactLocations;
  const { sites, organisationId, organisationName, organisationStatus, lastVerifiedBy, distanceMetres, ...rest } = row;
  // A published record must not publish an organisation still waiting for review (a
  // volunteer's submission): only reviewers see it named there. An unpublished record is
  // only ever shown to reviewers and the volunteer who sent it, who chose the organisation.
  const organisationShown = organisationId !== null && (seesInternals || row.status !== 'published' || organisationStatus === 'published');
  const view: AssetView = {
    ...rest,
    organisation: organisationShown ? { id: organisationId, name: organisationName ?? '' } : null,
    lastVerifiedBy: seesInternals ? lastVerifiedBy : null,
    createdBy: seesInternals ? row.createdBy : null,
    sites: sites.map((s) => siteView(s, masked)),
  };
  if (distanceMetres !== undefined) view.distanceMetres = distanceMetres === null ? null : Math.round(distanceMetres * 10) / 10;
  return view;
}

export type AssetFeature = {
  type: 'Feature';
  id: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: {
    assetId: string;
    siteId: string;
    name: string;
    category: string;
    status: string;
    sensitive: boolean;
    locationPrecision: LocationPrecision;
    peerLed: boolean;
    whoFor: string[];
    organisationName: string | null;
    venueName: string | null;
  };
};

/** One point feature per (asset, site): a map shows places, and clustering needs points. */
export function assetFeatures(views: AssetView[], firstId = 1): AssetFeature[] {
  const features: AssetFeature[] = [];
  for (const a of views) {
    for (const s of a.sites) {
      features.push({
        type: 'Feature',
        id: firstId + features.length,
        geometry: { type: 'Point', coordinates: [s.lng, s.lat] },
        properties: {
          assetId: a.id,
          siteId: s.id,
          name: a.name,
          category: a.category,
          status: a.status,
          sensitive: a.sensitive,
          locationPrecision: s.locationPrecision,
          peerLed: a.peerLed,
          whoFor: a.whoFor,
          organisationName: a.organisation?.name ?? null,
          venueName: s.venueName,
        },
      });
    }
  }
  return features;
}
