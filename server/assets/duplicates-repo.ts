import type { Knex } from 'knex';
import type { LocationAccess } from './repo';

export type DuplicateRow = {
  id: string;
  name: string;
  status: string;
  category: string;
  similarity: number;
  /** Null when the only matching places are sensitive and the viewer may not see them. */
  distanceMetres: number | null;
  /** Matched only through a sensitive place's masking area (no exact point used). */
  maskedOnly: boolean;
};

/** Names at least this similar (pg_trgm's own default threshold) within this distance count as likely duplicates. */
export const DUPLICATE_SIMILARITY = 0.3;
export const DUPLICATE_RADIUS_METRES = 150;

export type DuplicateQuery = {
  partnershipId: string;
  name: string;
  points: { lat: number; lng: number }[];
  excludeId?: string;
  access: LocationAccess;
  /** Non-privileged capturers: of pending records, only their own; never rejected or archived. */
  pendingOnlyIfCreatedBy?: string;
};

/**
 * Live records with a similar name and a site within 150 m of any of the points.
 *
 * `exact` (coordinators, admins): against exact places, with distances.
 * `masked` (everyone else): ordinary sites by their point (public anyway); a sensitive
 * site only by its masking area (the k-anonymous cell, `geom_mask_area`), reported with
 * no distance. Matching the cell rather than the cell centre keeps a volunteer standing at
 * the refuge able to learn "a similar record exists here", and the answer is then the same
 * for every probe in the cell: it is a function of the public cell only, so no binary
 * search or circle fit over it can place the refuge more finely than the cell.
 */
export async function findDuplicates(knex: Knex, q: DuplicateQuery): Promise<DuplicateRow[]> {
  const masked = q.access === 'masked';
  const values = q.points.map(() => '(ST_SetSRID(ST_MakePoint(?, ?), 4326))').join(', ');
  const pointBindings = q.points.flatMap((p) => [p.lng, p.lat]);
  const geom = masked ? 's.geom_public' : 's.geom';
  const byPoint = `SELECT s.id AS site_id, false AS masked, min(ST_Distance(${geom}::geography, p.geom::geography)) AS d
     FROM probe p JOIN site s ON ST_DWithin(${geom}::geography, p.geom::geography, ?) ${masked ? 'AND NOT s.sensitive' : ''}
     GROUP BY s.id`;
  const byArea = `SELECT s.id AS site_id, true AS masked, NULL::float8 AS d
     FROM probe p JOIN site s ON s.sensitive AND ST_DWithin(s.geom_mask_area::geography, p.geom::geography, ?)
     GROUP BY s.id`;
  const visible = q.pendingOnlyIfCreatedBy
    ? `(a.status = 'published' OR (a.status = 'pending' AND a.created_by = ?))`
    : `a.status IN ('pending', 'published')`;
  const { rows } = await knex.raw(
    `WITH probe(geom) AS (VALUES ${values}),
     near AS (${byPoint}${masked ? ` UNION ALL ${byArea}` : ''})
     SELECT a.id, a.name, a.status, a.category,
            similarity(a.name, ?) AS similarity,
            min(n.d) AS "distanceMetres",
            bool_and(n.masked) AS "maskedOnly"
     FROM near n
     JOIN asset_site x ON x.site_id = n.site_id
     JOIN asset a ON a.id = x.asset_id
     WHERE a.partnership_id = ? AND ${visible}
       AND a.id <> coalesce(?::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
       AND similarity(a.name, ?) >= ?
     GROUP BY a.id
     ORDER BY similarity DESC, "distanceMetres" ASC NULLS LAST, a.id
     LIMIT 10`,
    [
      ...pointBindings,
      DUPLICATE_RADIUS_METRES,
      ...(masked ? [DUPLICATE_RADIUS_METRES] : []),
      q.name,
      q.partnershipId,
      ...(q.pendingOnlyIfCreatedBy ? [q.pendingOnlyIfCreatedBy] : []),
      q.excludeId ?? null,
      q.name,
      DUPLICATE_SIMILARITY,
    ],
  );
  return rows.map((r: DuplicateRow) => ({ ...r, similarity: Number(r.similarity), distanceMetres: r.distanceMetres === null ? null : Number(r.distanceMetres) }));
}
