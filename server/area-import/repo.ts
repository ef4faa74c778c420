import type { Knex } from 'knex';
import type { AreaVintage, BoundaryFile, DeprivationFile, PopulationFile, WardFile } from './parse';

/**
 * Writes for an area import, each a batch sent as one JSON document
 * (jsonb_to_recordset), so the statement has three bound values however many rows.
 */
export async function knownCodes(trx: Knex.Transaction, codes: string[]): Promise<Set<string>> {
  const rows: { code: string }[] = await trx('area').select('code').whereIn('code', codes);
  return new Set(rows.map((r) => r.code));
}

/** One vintage per local authority: importing 2021 LSOAs retires that authority's 2011 ones. */
export async function retireOtherVintage(trx: Knex.Transaction, vintage: AreaVintage, laCodes: string[], keep: string[]): Promise<number> {
  // RETURNING rather than the affected-row count, which the two engines' drivers report differently.
  const gone: { code: string }[] = await trx('area').whereNot('kind', vintage).whereIn('la_code', laCodes).whereNotIn('code', keep).delete(['code']);
  return gone.length;
}

export async function upsertBoundaries(trx: Knex.Transaction, vintage: AreaVintage, srid: number, batch: (BoundaryFile['records'][number] & { laCode: string | null })[]): Promise<void> {
  const doc = batch.map((r) => ({ code: r.code, name: r.name, la_code: r.laCode, geometry: JSON.stringify(r.geometry) }));
  await trx.raw(
    `INSERT INTO area (code, kind, name, la_code, geom)
     SELECT v.code, ?, v.name, v.la_code,
            ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(v.geometry), ?), 4326)), 3))
       FROM jsonb_to_recordset(?::jsonb) AS v(code text, name text, la_code text, geometry text)
     ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name,
            la_code = coalesce(EXCLUDED.la_code, area.la_code), geom = EXCLUDED.geom`,
    [vintage, srid, JSON.stringify(doc)],
  );
}

export async function updatePopulation(trx: Knex.Transaction, source: string, batch: PopulationFile['records']): Promise<void> {
  const doc = batch.map((r) => ({ code: r.code, population: r.population, groups: r.groups, la_code: r.laCode }));
  await trx.raw(
    `UPDATE area SET population = v.population, population_groups = v.groups, population_source = ?,
            la_code = coalesce(area.la_code, v.la_code)
       FROM jsonb_to_recordset(?::jsonb) AS v(code text, population int, groups jsonb, la_code text)
      WHERE area.code = v.code`,
    [source, JSON.stringify(doc)],
  );
}

export async function updateDeprivation(trx: Knex.Transaction, release: string, batch: DeprivationFile['records']): Promise<void> {
  const doc = batch.map((r) => ({ code: r.code, rank: r.rank, decile: r.decile, la_code: r.laCode }));
  await trx.raw(
    `UPDATE area SET imd_rank = v.rank, imd_decile = v.decile, imd_source = ?, la_code = coalesce(area.la_code, v.la_code)
       FROM jsonb_to_recordset(?::jsonb) AS v(code text, rank int, decile int, la_code text)
      WHERE area.code = v.code`,
    [release, JSON.stringify(doc)],
  );
}

export async function recordImport(trx: Knex.Transaction, row: { areaKind: AreaVintage; files: object[]; areaCount: number; importedBy: string | null }): Promise<string> {
  const [inserted] = await trx('area_import')
    .insert({ area_kind: row.areaKind, files: JSON.stringify(row.files), area_count: row.areaCount, imported_by: row.importedBy })
    .returning('id');
  return inserted.id;
}

/** A ward import replaces the whole ward layer: two vintages' wards overlap, and an LSOA belongs to one ward. */
export async function clearWards(trx: Knex.Transaction): Promise<number> {
  const gone: { code: string }[] = await trx('ward_boundary').delete(['code']);
  return gone.length;
}

export async function insertWards(trx: Knex.Transaction, srid: number, batch: WardFile['records']): Promise<void> {
  const doc = batch.map((r) => ({ code: r.code, name: r.name, la_code: r.laCode, geometry: JSON.stringify(r.geometry) }));
  await trx.raw(
    `INSERT INTO ward_boundary (code, name, la_code, geom)
     SELECT v.code, v.name, v.la_code,
            ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(v.geometry), ?), 4326)), 3))
       FROM jsonb_to_recordset(?::jsonb) AS v(code text, name text, la_code text, geometry text)`,
    [srid, JSON.stringify(doc)],
  );
}

/**
 * Each LSOA to the ward holding its point-on-surface (a point always inside it, unlike a
 * centroid); none when no ward holds it. Returns how many LSOAs have a ward.
 */
export async function assignWards(trx: Knex.Transaction): Promise<number> {
  await trx.raw(
    `UPDATE area SET ward_code = w.code
       FROM area a2 LEFT JOIN LATERAL (
              SELECT wb.code FROM ward_boundary wb WHERE ST_Intersects(wb.geom, ST_PointOnSurface(a2.geom)) ORDER BY wb.code LIMIT 1
            ) w ON true
      WHERE a2.code = area.code AND area.ward_code IS DISTINCT FROM w.code`,
  );
  const [{ n }] = await trx('area').whereNotNull('ward_code').count('* as n');
  return Number(n);
}

/** The kind of LSOAs held now (the most of), for a record of a wards-only import. */
export async function heldAreaKind(trx: Knex.Transaction): Promise<AreaVintage> {
  const row = await trx('area').select('kind').count('* as n').groupBy('kind').orderBy([{ column: 'n', order: 'desc' }, { column: 'kind', order: 'desc' }]).first();
  return (row?.kind as AreaVintage | undefined) ?? 'lsoa21';
}
