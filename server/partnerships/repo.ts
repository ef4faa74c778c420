import type { Knex } from 'knex';
import { notFound } from '../http/errors';

export type Partnership = { id: string; name: string; slug: string; laCodes: string[] };

/**
 * A deployment serves one partnership today (the first created). Records carry
 * partnership_id so several can share a database later without a data migration.
 */
export async function currentPartnership(knex: Knex): Promise<Partnership> {
  const row = await knex('partnership')
    .select('id', 'name', 'slug', 'la_codes as laCodes')
    .orderBy('created_at', 'asc')
    .orderBy('id', 'asc')
    .first();
  if (!row) throw notFound('Partnership');
  return row;
}

/**
 * Indexes of the points lying further than `marginMetres` outside the partnership's
 * boundary (geodesic distance); none when the partnership has no boundary.
 */
export async function pointsBeyondBoundary(knex: Knex, partnershipId: string, points: { lat: number; lng: number }[], marginMetres: number): Promise<number[]> {
  if (!points.length) return [];
  const rows: { i: number }[] = (
    await knex.raw(
      `SELECT p.i FROM unnest(?::int[], ?::float8[], ?::float8[]) AS p(i, lng, lat)
       JOIN partnership b ON b.id = ? AND b.boundary IS NOT NULL
       -- Inside is a cheap planar test; only a point outside pays for the geodesic distance
       -- to the whole outline (~130 ms on Calderdale's on the embedded engine).
       WHERE CASE WHEN ST_Intersects(b.boundary, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326)) THEN false
                  ELSE NOT ST_DWithin(b.boundary::geography, ST_SetSRID(ST_MakePoint(p.lng, p.lat), 4326)::geography, ?) END
       ORDER BY p.i`,
      [points.map((_, i) => i), points.map((p) => p.lng), points.map((p) => p.lat), partnershipId, marginMetres],
    )
  ).rows;
  return rows.map((r) => Number(r.i));
}
