import type { Knex } from 'knex';
import { z } from 'zod';
import { dataVersions, partnershipAreaKind } from './repo';

/**
 * Naming small areas for people: the town or village an LSOA lies in (the nearest GeoNames
 * populated place to a point inside it, seeds/place-labels.ts) and the LSOA's own name
 * ("Calderdale 024C"), so suggestions, worst gaps and the dashboard's filters say
 * "Halifax (Calderdale 024C)" rather than a cell code like h500_550_487. The ward is the
 * one the admin imported that holds the LSOA's point-on-surface (area.ward_code), if any.
 */
export type AreaPlace = { code: string; lsoaName: string; town: string | null; locality: string; ward: { code: string; name: string } | null };

/** Places further than this from every label are named by their LSOA alone. */
export const TOWN_REACH_M = 5000;

/** "Calderdale 024C" → "Calderdale": an LSOA name is its authority's name, the MSOA number and a letter. */
export function localityOf(lsoaName: string): string {
  const m = lsoaName.match(/^(.*\S)\s+\d{3}[A-Z]$/);
  return m ? m[1] : lsoaName;
}

/** How a place is written: "Halifax (Calderdale 024C)"; the LSOA name alone when no town is near. */
export function placeLabel(p: Pick<AreaPlace, 'lsoaName' | 'town'> | undefined | null): string | null {
  if (!p) return null;
  return p.town ? `${p.town} (${p.lsoaName})` : p.lsoaName;
}

const row = z.object({ code: z.string(), lsoaName: z.string(), town: z.string().nullable(), wardCode: z.string().nullable(), wardName: z.string().nullable() });

/** Every small area of the partnership with its nearest town or village (within TOWN_REACH_M). */
export async function areaPlaces(knex: Knex, partnershipId: string): Promise<AreaPlace[]> {
  const kind = await partnershipAreaKind(knex, partnershipId);
  const { rows } = await knex.raw(
    `SELECT a.code, a.name AS "lsoaName", w.code AS "wardCode", w.name AS "wardName",
            (SELECT pl.name FROM place_label pl
              WHERE ST_DWithin(pl.geom::geography, q.pt::geography, ?)
              ORDER BY pl.geom <-> q.pt, pl.geonames_id LIMIT 1) AS town
       FROM area a JOIN partnership p ON a.la_code = ANY(p.la_codes)
       LEFT JOIN ward_boundary w ON w.code = a.ward_code
       CROSS JOIN LATERAL (SELECT ST_PointOnSurface(a.geom) AS pt OFFSET 0) q
      WHERE p.id = ? AND a.kind = ? ORDER BY a.code`,
    [TOWN_REACH_M, partnershipId, kind],
  );
  return z.array(row).parse(rows).map(({ wardCode, wardName, ...r }) => ({
    ...r, locality: localityOf(r.lsoaName), ward: wardCode && wardName ? { code: wardCode, name: wardName } : null,
  }));
}

/**
 * The partnership's places by LSOA code, kept per reference-data version (areas and
 * their names change only with it; place labels only at seed time).
 */
export function createPlaceLookup(knex: Knex) {
  let cached: { key: string; places: Promise<Map<string, AreaPlace>> } | null = null;
  return async (partnershipId: string): Promise<Map<string, AreaPlace>> => {
    const key = `${partnershipId}|${(await dataVersions(knex)).reference}`;
    if (cached?.key !== key) {
      const places = areaPlaces(knex, partnershipId).then((list) => new Map(list.map((p) => [p.code, p])));
      cached = { key, places };
      places.catch(() => { if (cached?.places === places) cached = null; });
    }
    return cached.places;
  };
}
export type PlaceLookup = ReturnType<typeof createPlaceLookup>;
