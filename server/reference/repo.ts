import type { Knex } from 'knex';
import { z } from 'zod';

/** Queries over the open reference geography (partnership outline, LSOAs, postcodes). */

const multiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.array(z.number())))) });
export type MultiPolygon = z.infer<typeof multiPolygon>;

const partnershipGeographyRow = z.object({
  boundary: multiPolygon.nullable(),
  minLng: z.number().nullable(),
  minLat: z.number().nullable(),
  maxLng: z.number().nullable(),
  maxLat: z.number().nullable(),
});
export type PartnershipGeographyRow = z.infer<typeof partnershipGeographyRow>;

/**
 * The partnership's outline and its bounding box; with no outline, the box of its
 * local authorities' small areas (so the map can still frame the partnership).
 */
export async function partnershipGeography(knex: Knex, partnershipId: string): Promise<PartnershipGeographyRow | undefined> {
  const { rows } = await knex.raw(
    `SELECT ST_AsGeoJSON(p.boundary)::json AS boundary,
            ST_XMin(b.box) AS "minLng", ST_YMin(b.box) AS "minLat", ST_XMax(b.box) AS "maxLng", ST_YMax(b.box) AS "maxLat"
       FROM partnership p
       CROSS JOIN LATERAL (
         SELECT coalesce(p.boundary::box2d, (SELECT ST_Extent(a.geom) FROM area a WHERE a.la_code = ANY(p.la_codes))) AS box
       ) b
      WHERE p.id = ?`,
    [partnershipId],
  );
  return rows.length ? partnershipGeographyRow.parse(rows[0]) : undefined;
}

const areaRow = z.object({
  code: z.string(),
  name: z.string(),
  population: z.number().int().nullable(),
  imdRank: z.number().int().nullable(),
  imdDecile: z.number().int().nullable(),
  geometry: multiPolygon,
});
export type AreaRow = z.infer<typeof areaRow>;

/** The public map's places (public_asset_site: one row per published asset and site). A count, nothing of where. */
export async function publishedPlaceCount(knex: Knex, partnershipId: string): Promise<number> {
  const { rows } = await knex.raw('SELECT count(*)::int AS n FROM public_asset_site WHERE partnership_id = ?', [partnershipId]);
  return z.number().int().parse(rows[0].n);
}

/**
 * Small areas of one kind in the given local authorities, simplified by `toleranceDegrees`
 * (each shape stays valid; neighbours simplified apart can differ along a shared edge by
 * at most the tolerance, ~5 m here) and written with 6 decimals (~0.1 m).
 */
export async function areasInLocalAuthorities(knex: Knex, kind: string, laCodes: string[], toleranceDegrees: number): Promise<AreaRow[]> {
  const { rows } = await knex.raw(
    `SELECT code, name, population, imd_rank AS "imdRank", imd_decile AS "imdDecile",
            ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(geom, ?)), 6)::json AS geometry
       FROM area
      WHERE kind = ? AND la_code = ANY(?::text[])
      ORDER BY code`,
    [toleranceDegrees, kind, laCodes],
  );
  return z.array(areaRow).parse(rows);
}

const postcodeRow = z.object({
  postcode: z.string(),
  lat: z.number(),
  lng: z.number(),
  lsoa11: z.string().nullable(),
  terminated: z.boolean(),
});
export type PostcodeRow = z.infer<typeof postcodeRow>;

export async function findPostcode(knex: Knex, postcode: string): Promise<PostcodeRow | undefined> {
  const { rows } = await knex.raw(
    `SELECT postcode, ST_Y(geom) AS lat, ST_X(geom) AS lng, lsoa11, terminated_on IS NOT NULL AS terminated
       FROM postcode WHERE postcode = ?`,
    [postcode],
  );
  return rows.length ? postcodeRow.parse(rows[0]) : undefined;
}

export type PlaceLabelRow = { name: string; population: number; featureCode: string; lat: number; lng: number };

/** Town and village names seeded around the partnership (see seeds/place-labels.ts), largest first. */
export async function placeLabels(knex: Knex): Promise<PlaceLabelRow[]> {
  return knex('place_label')
    .select('name', 'population', 'feature_code as featureCode', knex.raw('ST_Y(geom) AS lat'), knex.raw('ST_X(geom) AS lng'))
    .orderBy([{ column: 'population', order: 'desc' }, { column: 'name' }]);
}

const uncoveredAreaRow = z.object({ code: z.string(), name: z.string(), population: z.number().int().nullable(), near: z.string().nullable() });
export type UncoveredArea = z.infer<typeof uncoveredAreaRow>;

/**
 * The partnership's small areas (2011 LSOAs of its local authorities) with no postcode
 * loaded in them: by the postcode file's own LSOA column, or, for a postcode loaded
 * without one, by its point. Each named with the nearest town or village label within
 * `nearMetres` of a point inside it, when there is one.
 */
export async function areasWithoutPostcodes(knex: Knex, laCodes: string[], nearMetres: number): Promise<UncoveredArea[]> {
  const { rows } = await knex.raw(
    `SELECT a.code, a.name, a.population,
            (SELECT pl.name FROM place_label pl
              WHERE ST_DWithin(pl.geom::geography, ST_PointOnSurface(a.geom)::geography, ?)
              ORDER BY pl.geom <-> ST_PointOnSurface(a.geom) LIMIT 1) AS near
       FROM area a
      WHERE a.kind = 'lsoa11' AND a.la_code = ANY(?::text[])
        AND NOT EXISTS (SELECT 1 FROM postcode pc WHERE pc.lsoa11 = a.code)
        AND NOT EXISTS (SELECT 1 FROM postcode pc WHERE pc.lsoa11 IS NULL AND ST_Intersects(pc.geom, a.geom))
      ORDER BY near NULLS LAST, a.code`,
    [nearMetres, laCodes],
  );
  return z.array(uncoveredAreaRow).parse(rows);
}

const districtRow = z.object({ district: z.string(), postcodes: z.number().int() });

/** Postcode districts ("HX1") with postcodes loaded for these local authorities, and how many each. */
export async function loadedDistricts(knex: Knex, laCodes: string[]): Promise<z.infer<typeof districtRow>[]> {
  const { rows } = await knex.raw(
    `SELECT split_part(postcode, ' ', 1) AS district, count(*)::int AS postcodes
       FROM postcode WHERE la_code = ANY(?::text[]) AND terminated_on IS NULL
      GROUP BY 1 ORDER BY 1`,
    [laCodes],
  );
  return z.array(districtRow).parse(rows);
}

export async function areaCount(knex: Knex, laCodes: string[]): Promise<{ areas: number; population: number }> {
  const { rows } = await knex.raw(`SELECT count(*)::int AS areas, coalesce(sum(population), 0)::int AS population FROM area WHERE kind = 'lsoa11' AND la_code = ANY(?::text[])`, [laCodes]);
  return z.object({ areas: z.number().int(), population: z.number().int() }).parse(rows[0]);
}
