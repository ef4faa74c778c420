import type { Knex } from 'knex';
import { z } from 'zod';
import { parseRows } from './parse-rows';

/**
 * SQL for coverage-gap analysis: the grid (hexagons in EPSG:27700 clipped to the
 * partnership, or its areas), the dasymetric weights that carry each area's people into
 * cells (the published supply at its public point: mirror-repo.ts). Measures are computed in
 * server/access from what these return, identically on both engines.
 *
 * `CROSS JOIN LATERAL (SELECT … OFFSET 0)` computes a transform once per row: without the
 * OFFSET the planner inlines it and repeats it for every column that uses it.
 */

export type GridArea = { code: string; name: string; population: number | null; groups: Record<string, number>; imdDecile: number | null };
/** How much of an area's population lives in a cell. */
export type Contribution = { area: number; share: number };
export type GridCell = {
  id: string;
  /** Centroid of the (clipped) cell, EPSG:27700 metres rounded to 0.1 m, and in WGS84. */
  x: number;
  y: number;
  lng: number;
  lat: number;
  /** GeoJSON geometry text in WGS84, 6 decimals. */
  geometry: string;
  contributions: Contribution[];
};
export type Grid = { areas: GridArea[]; cells: GridCell[]; areasWithoutPostcodes: number };

const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

const areaRow = z.object({
  code: z.string(),
  name: z.string(),
  population: z.number().nullable(),
  groups: z.record(z.string(), z.number()),
  imdDecile: z.number().nullable(),
});

async function partnershipAreas(knex: Knex, partnershipId: string, areaKind: string): Promise<GridArea[]> {
  const { rows } = await knex.raw(
    `SELECT a.code, a.name, a.population, a.population_groups AS groups, a.imd_decile AS "imdDecile"
       FROM area a JOIN partnership p ON a.la_code = ANY(p.la_codes)
      WHERE p.id = ? AND a.kind = ? ORDER BY a.code`,
    [partnershipId, areaKind],
  );
  return z.array(areaRow).parse(rows);
}

/** The LSOA vintage the partnership's areas are held as (the most common among its authorities'). */
export async function partnershipAreaKind(knex: Knex, partnershipId: string): Promise<string> {
  const { rows } = await knex.raw(
    `SELECT a.kind FROM area a JOIN partnership p ON a.la_code = ANY(p.la_codes)
      WHERE p.id = ? GROUP BY a.kind ORDER BY count(*) DESC, a.kind LIMIT 1`,
    [partnershipId],
  );
  return z.array(z.object({ kind: z.string() })).parse(rows)[0]?.kind ?? 'lsoa11';
}

/** Square metres inside the partnership's outline (or its areas), to refuse grids too fine to compute. */
export async function partnershipAreaM2(knex: Knex, partnershipId: string, areaKind: string): Promise<number> {
  const { rows } = await knex.raw(
    `SELECT coalesce(ST_Area(ST_Transform(p.boundary, 27700)),
              (SELECT sum(ST_Area(ST_Transform(a.geom, 27700))) FROM area a WHERE a.kind = ? AND a.la_code = ANY(p.la_codes)), 0) AS m2
       FROM partnership p WHERE p.id = ?`,
    [areaKind, partnershipId],
  );
  return z.array(z.object({ m2: z.coerce.number() })).parse(rows)[0]?.m2 ?? 0;
}

const cellRow = z.object({ id: z.string(), x: z.number(), y: z.number(), lng: z.number(), lat: z.number(), geometry: z.string() });
const cellOf = (r: z.infer<typeof cellRow>): GridCell => ({
  id: r.id, x: round(r.x, 1), y: round(r.y, 1), lng: round(r.lng, 6), lat: round(r.lat, 6), geometry: r.geometry, contributions: [],
});

/**
 * Hexagons of `size` metres (edge length, as ST_HexagonGrid) over the partnership outline,
 * clipped to it. People reach a cell by the share of their area's live small-user
 * postcodes inside the cell's full hexagon; an area with no such postcode spreads by the
 * share of its surface in the hexagon. Shares are of the whole area, so people living
 * outside every cell are not counted.
 */
export async function hexGrid(knex: Knex, partnershipId: string, areaKind: string, size: number): Promise<Grid> {
  const areas = await partnershipAreas(knex, partnershipId, areaKind);
  const codes = areas.map((a) => a.code);
  return knex.transaction(async (trx) => {
    await trx.raw(
      `CREATE TEMP TABLE gap_hex ON COMMIT DROP AS
       WITH b AS (
         SELECT coalesce(ST_Transform(p.boundary, 27700),
                  (SELECT ST_Multi(ST_Union(ST_Transform(a.geom, 27700))) FROM area a WHERE a.kind = ? AND a.la_code = ANY(p.la_codes))) AS g
           FROM partnership p WHERE p.id = ?
       )
       -- Only hexagons on the outline need clipping; the rest are whole.
       SELECT h.i, h.j, h.geom AS hex,
              CASE WHEN ST_Within(h.geom, b.g) THEN h.geom ELSE ST_CollectionExtract(ST_Intersection(h.geom, b.g), 3) END AS cell
         FROM b CROSS JOIN LATERAL ST_HexagonGrid(?, b.g) h
        WHERE ST_Intersects(h.geom, b.g)`,
      [areaKind, partnershipId, size],
    );
    await trx.raw(`DELETE FROM gap_hex WHERE ST_IsEmpty(cell) OR ST_Area(cell) = 0`);
    await trx.raw(`CREATE INDEX gap_hex_gist ON gap_hex USING gist (hex)`);
    await trx.raw(`ANALYZE gap_hex`);
    const { rows } = await trx.raw(
      `SELECT 'h' || ?::text || '_' || i || '_' || j AS id, ST_X(c) AS x, ST_Y(c) AS y, ST_X(w) AS lng, ST_Y(w) AS lat,
              ST_AsGeoJSON(ST_Transform(cell, 4326), 6) AS geometry
         FROM gap_hex
         CROSS JOIN LATERAL (SELECT ST_Centroid(cell) AS c OFFSET 0) q
         CROSS JOIN LATERAL (SELECT ST_Transform(q.c, 4326) AS w OFFSET 0) r
        ORDER BY i, j`,
      [String(size)],
    );
    const cells = (await parseRows(cellRow, rows)).map(cellOf);
    const cellIndex = new Map(cells.map((c, n) => [c.id, n]));
    const areaIndex = new Map(codes.map((c, n) => [c, n]));
    const idOf = `'h' || ?::text || '_' || h.i || '_' || h.j`;

    // Which hexagon each live small-user postcode is in, by arithmetic rather than a spatial
    // join (~10x faster for England): ST_HexagonGrid's hexagon (i, j) is centred on
    // (1.5·s·i, √3·s·(j + ½·[i odd])), so axial coordinates rounded in cube space (which
    // splits ties on an edge one way only) give i = q, j = r + ⌊q/2⌋. Counting every
    // postcode of each area, in cells or not, gives the shares' denominators too.
    const { rows: counts } = await trx.raw(
      // MATERIALIZED: inlined, the transform would run once per use of x and y below.
      `WITH pc AS MATERIALIZED (
         SELECT p.lsoa11 AS code, ST_X(t.g) / ? AS x, ST_Y(t.g) / ? AS y
           FROM postcode p
           JOIN area a ON a.code = p.lsoa11
           JOIN partnership pr ON a.la_code = ANY(pr.la_codes)
           CROSS JOIN LATERAL (SELECT ST_Transform(p.geom, 27700) AS g OFFSET 0) t
          WHERE pr.id = ? AND a.kind = ? AND coalesce(p.usertype, 0) = 0 AND p.terminated_on IS NULL
       ), axial AS (
         SELECT code, 2.0 / 3 * x AS q, -1.0 / 3 * x + sqrt(3.0) / 3 * y AS r FROM pc
       ), rounded AS (
         SELECT code, q, r, round(q) AS rq, round(r) AS rr, round(-q - r) AS rs FROM axial
       ), cell AS (
         SELECT code,
                CASE WHEN abs(rq - q) > abs(rr - r) AND abs(rq - q) > abs(rs + q + r) THEN -rr - rs ELSE rq END AS hq,
                CASE WHEN abs(rq - q) > abs(rr - r) AND abs(rq - q) > abs(rs + q + r) THEN rr
                     WHEN abs(rr - r) > abs(rs + q + r) THEN -rq - rs ELSE rr END AS hr
           FROM rounded
       )
       SELECT 'h' || ?::text || '_' || hq::int || '_' || (hr + floor(hq / 2.0))::int AS id, code, count(*)::int AS n
         FROM cell GROUP BY 1, 2`,
      [size, size, partnershipId, areaKind, String(size)],
    );
    const postcodeCounts = await parseRows(z.object({ id: z.string(), code: z.string(), n: z.number() }), counts);
    const postcodeTotal = new Map<string, number>();
    for (const r of postcodeCounts) postcodeTotal.set(r.code, (postcodeTotal.get(r.code) ?? 0) + r.n);
    for (const r of postcodeCounts.filter((c) => cellIndex.has(c.id))) {
      const cell = cells[cellIndex.get(r.id)!];
      cell.contributions.push({ area: areaIndex.get(r.code)!, share: r.n / postcodeTotal.get(r.code)! });
    }
    const withoutPostcodes = codes.filter((c) => !postcodeTotal.has(c));
    if (withoutPostcodes.length) {
      const { rows: shares } = await trx.raw(
        `SELECT ${idOf} AS id, a.code, ST_Area(ST_Intersection(h.hex, t.g)) / ST_Area(t.g) AS share
           FROM area a CROSS JOIN LATERAL (SELECT ST_Transform(a.geom, 27700) AS g OFFSET 0) t
           JOIN gap_hex h ON ST_Intersects(h.hex, t.g)
          WHERE a.kind = ? AND a.code = ANY(?::text[]) AND ST_Area(t.g) > 0`,
        [String(size), areaKind, withoutPostcodes],
      );
      for (const r of await parseRows(z.object({ id: z.string(), code: z.string(), share: z.number() }), shares)) {
        if (r.share > 0) cells[cellIndex.get(r.id)!].contributions.push({ area: areaIndex.get(r.code)!, share: round(r.share, 9) });
      }
    }
    for (const c of cells) c.contributions.sort((a, b) => a.area - b.area);
    return { areas, cells, areasWithoutPostcodes: withoutPostcodes.length };
  });
}

/** The partnership's areas themselves as cells (each holds all its own people). */
export async function areaGrid(knex: Knex, partnershipId: string, areaKind: string): Promise<Grid> {
  const areas = await partnershipAreas(knex, partnershipId, areaKind);
  const { rows } = await knex.raw(
    `SELECT a.code AS id, ST_X(c) AS x, ST_Y(c) AS y, ST_X(w) AS lng, ST_Y(w) AS lat,
            ST_AsGeoJSON(ST_Transform(ST_SimplifyPreserveTopology(t.g, 5), 4326), 6) AS geometry
       FROM area a JOIN partnership p ON a.la_code = ANY(p.la_codes)
       CROSS JOIN LATERAL (SELECT ST_Transform(a.geom, 27700) AS g OFFSET 0) t
       CROSS JOIN LATERAL (SELECT ST_Centroid(t.g) AS c OFFSET 0) q
       CROSS JOIN LATERAL (SELECT ST_Transform(q.c, 4326) AS w OFFSET 0) r
      WHERE p.id = ? AND a.kind = ? ORDER BY a.code`,
    [partnershipId, areaKind],
  );
  const cells = (await parseRows(cellRow, rows)).map((r, n) => ({ ...cellOf(r), contributions: [{ area: n, share: 1 }] }));
  return { areas, cells, areasWithoutPostcodes: 0 };
}

const pointRows = z.array(z.object({ x: z.number(), y: z.number() }));

/** WGS84 points to EPSG:27700 (what-if assets), in the database so both engines use the same transform. */
export async function toBritishGrid(knex: Knex, points: { lat: number; lng: number }[]): Promise<{ x: number; y: number }[]> {
  if (points.length === 0) return [];
  const { rows } = await knex.raw(
    `SELECT ST_X(t.p) AS x, ST_Y(t.p) AS y
       FROM unnest(?::float8[], ?::float8[]) WITH ORDINALITY AS u(lng, lat, n)
       CROSS JOIN LATERAL (SELECT ST_Transform(ST_SetSRID(ST_MakePoint(u.lng, u.lat), 4326), 27700) AS p OFFSET 0) t
      ORDER BY u.n`,
    [points.map((p) => p.lng), points.map((p) => p.lat)],
  );
  return pointRows.parse(rows).map((r) => ({ x: round(r.x, 1), y: round(r.y, 1) }));
}

export async function dataVersions(knex: Knex): Promise<{ assets: number; reference: number }> {
  const rows = z.array(z.object({ scope: z.string(), version: z.coerce.number() })).parse(await knex('data_version').select('scope', 'version'));
  const of = (scope: string) => Number(rows.find((r) => r.scope === scope)?.version ?? 0);
  return { assets: of('assets'), reference: of('reference') };
}
