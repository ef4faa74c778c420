import type { Knex } from 'knex';
import type { PostcodeRow } from './postcodes';

/**
 * Upsert a batch of postcodes; a row identical to the stored one is left alone (so a
 * reload of the same file rewrites nothing). Reference data: not audited. Returns how
 * many were new and how many changed.
 */
export async function upsertPostcodes(knex: Knex, rows: PostcodeRow[]): Promise<{ inserted: number; updated: number }> {
  if (!rows.length) return { inserted: 0, updated: 0 };
  const { rows: out } = await knex.raw(
    `INSERT INTO postcode AS p (postcode, geom, lsoa11, la_code, terminated_on)
     SELECT r.postcode, ST_SetSRID(ST_MakePoint(r.lng, r.lat), 4326), r.lsoa11, r.la_code, r.terminated_on::date
     FROM json_to_recordset(?::json) AS r(postcode text, lat float8, lng float8, lsoa11 text, la_code text, terminated_on text)
     ON CONFLICT (postcode) DO UPDATE SET geom = EXCLUDED.geom, lsoa11 = EXCLUDED.lsoa11, la_code = EXCLUDED.la_code, terminated_on = EXCLUDED.terminated_on
     WHERE NOT ST_Equals(p.geom, EXCLUDED.geom) OR p.lsoa11 IS DISTINCT FROM EXCLUDED.lsoa11
        OR p.la_code IS DISTINCT FROM EXCLUDED.la_code OR p.terminated_on IS DISTINCT FROM EXCLUDED.terminated_on
     RETURNING (xmax = 0) AS inserted`,
    [JSON.stringify(rows.map((r) => ({ postcode: r.postcode, lat: r.lat, lng: r.lng, lsoa11: r.lsoa11, la_code: r.laCode, terminated_on: r.terminatedOn })))],
  );
  const inserted = out.filter((r: { inserted: boolean }) => r.inserted).length;
  return { inserted, updated: out.length - inserted };
}
