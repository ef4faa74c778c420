import type { Knex } from 'knex';
import { notFound } from '../http/errors';
import { currentPartnership } from '../partnerships/repo';
import * as repo from './repo';

/**
 * The Open Government Licence attribution the reference data (ONS postcodes and
 * boundaries, MHCLG deprivation and population) requires wherever it is shown.
 */
export const OGL_ATTRIBUTION =
  'Contains National Statistics data © Crown copyright and database right; contains OS data © Crown copyright and database right';

/** ~5 m: enough to lighten the map's area layer without visibly moving a boundary. */
export const AREA_SIMPLIFY_TOLERANCE_DEGREES = 0.00005;

export type PartnershipSummary = {
  id: string;
  name: string;
  laCodes: string[];
  boundary: repo.MultiPolygon | null;
  /** [minLng, minLat, maxLng, maxLat] in WGS84, or null when nothing locates the partnership. */
  bbox: [number, number, number, number] | null;
  /** How many published (asset, site) places the public map holds: the map reads tiles past a threshold. */
  publishedPlaces: number;
  attribution: string;
};

export async function partnershipSummary(knex: Knex): Promise<PartnershipSummary> {
  const partnership = await currentPartnership(knex);
  const [geo, publishedPlaces] = await Promise.all([repo.partnershipGeography(knex, partnership.id), repo.publishedPlaceCount(knex, partnership.id)]);
  const hasBox = geo && geo.minLng !== null && geo.minLat !== null && geo.maxLng !== null && geo.maxLat !== null;
  return {
    id: partnership.id,
    name: partnership.name,
    laCodes: partnership.laCodes,
    boundary: geo?.boundary ?? null,
    bbox: hasBox ? [geo.minLng!, geo.minLat!, geo.maxLng!, geo.maxLat!] : null,
    publishedPlaces,
    attribution: OGL_ATTRIBUTION,
  };
}

export type AreaFeatureCollection = {
  type: 'FeatureCollection';
  features: {
    type: 'Feature';
    id: string;
    geometry: repo.AreaRow['geometry'];
    properties: { code: string; name: string; population: number | null; imdRank: number | null; imdDecile: number | null };
  }[];
};

/** The partnership's 2011 LSOAs with population and deprivation, for the map's area layer. */
export async function partnershipAreas(knex: Knex): Promise<AreaFeatureCollection> {
  const partnership = await currentPartnership(knex);
  const rows = await repo.areasInLocalAuthorities(knex, 'lsoa11', partnership.laCodes, AREA_SIMPLIFY_TOLERANCE_DEGREES);
  return {
    type: 'FeatureCollection',
    features: rows.map(({ geometry, ...properties }) => ({ type: 'Feature', id: properties.code, geometry, properties })),
  };
}

export async function lookupPostcode(knex: Knex, postcode: string): Promise<repo.PostcodeRow> {
  const row = await repo.findPostcode(knex, postcode);
  if (!row) throw notFound('Postcode');
  return row;
}

export const PLACE_ATTRIBUTION = 'Place names: GeoNames (CC BY 4.0)';

/** Town and village labels for the offline basemap and the search box, as GeoJSON points. */
export async function placeLabelCollection(knex: Knex) {
  const rows = await repo.placeLabels(knex);
  return {
    type: 'FeatureCollection' as const,
    attribution: PLACE_ATTRIBUTION,
    features: rows.map((r, i) => ({
      type: 'Feature' as const,
      id: i + 1,
      geometry: { type: 'Point' as const, coordinates: [r.lng, r.lat] },
      // rank 1: towns of 10,000+ (shown from zoom 9); 2: smaller towns and villages (from zoom 11).
      properties: { name: r.name, population: r.population, rank: r.population >= 10_000 ? 1 : 2 },
    })),
  };
}

/** How far a town or village label may be from a small area to name it. */
export const NEAR_PLACE_METRES = 3000;

export type PostcodeCoverage = {
  laCodes: string[];
  areas: number;
  areasWithoutPostcodes: number;
  populationWithoutPostcodes: number;
  /** Districts ("HX1") with live postcodes loaded for the partnership's local authorities. */
  loadedDistricts: { district: string; postcodes: number }[];
  /** Small areas with no postcode loaded, grouped by the town or village they are near. */
  gaps: { near: string | null; areas: repo.UncoveredArea[] }[];
  advice: string;
};

/**
 * Which parts of the partnership's area the postcode table does not cover (Calderdale's
 * demo table holds HX only: Todmorden's OL14 and Brighouse's HD6 are not in it). What the
 * instance can tell from its own data: the LSOAs of its local authorities with no postcode
 * inside them. A postcode district's name is in the postcode file, not in the LSOA one, so
 * a missing district is named by the towns of its small areas.
 */
export async function postcodeCoverage(knex: Knex): Promise<PostcodeCoverage> {
  const partnership = await currentPartnership(knex);
  const [total, uncovered, districts] = await Promise.all([
    repo.areaCount(knex, partnership.laCodes),
    repo.areasWithoutPostcodes(knex, partnership.laCodes, NEAR_PLACE_METRES),
    repo.loadedDistricts(knex, partnership.laCodes),
  ]);
  const groups = new Map<string | null, repo.UncoveredArea[]>();
  for (const a of uncovered) groups.set(a.near, [...(groups.get(a.near) ?? []), a]);
  return {
    laCodes: partnership.laCodes,
    areas: total.areas,
    areasWithoutPostcodes: uncovered.length,
    populationWithoutPostcodes: uncovered.reduce((n, a) => n + (a.population ?? 0), 0),
    loadedDistricts: districts,
    gaps: [...groups.entries()].map(([near, areas]) => ({ near, areas })),
    advice: `Load the full National Statistics Postcode Lookup for your area: npm run load-postcodes -- NSPL.csv --la ${partnership.laCodes.join(',')}`,
  };
}
