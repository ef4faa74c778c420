import type { Knex } from 'knex';

/** Published records at their sites' PUBLIC points (a sensitive place's masking-cell centre), for the registry map. */
export async function publishedPublicPoints(knex: Knex, partnershipId: string): Promise<{ category: string; lng: number; lat: number }[]> {
  const { rows } = await knex.raw(
    `SELECT a.category, ST_X(s.geom_public) AS lng, ST_Y(s.geom_public) AS lat
       FROM asset a JOIN asset_site l ON l.asset_id = a.id JOIN site s ON s.id = l.site_id
      WHERE a.partnership_id = ? AND a.status = 'published' AND s.geom_public IS NOT NULL
      ORDER BY a.category, a.id, s.id`,
    [partnershipId],
  );
  return rows;
}
