import type { Knex } from 'knex';
import { writeTransaction } from '../server/audit/transaction';
import {
  CALDERDALE_LA_CODE,
  POPULATION_SOURCE,
  REFERENCE_FILES,
  parseImd,
  parseLadBoundary,
  parseLsoaBoundaries,
  parsePopulation,
  parsePostcodes,
  readSeedFile,
  type GeoJsonGeometry,
  type LsoaBoundary,
  type PostcodeRecord,
} from './reference-files';

/**
 * Loads the shipped open data into `postcode` and `area`, and creates the demo
 * partnership. Re-running replaces rows with the same key rather than failing, so a
 * half-seeded database can be completed.
 */

// 500 rows × 6 bound values stays far below PostgreSQL's 65,535-parameter limit, and
// keeps each statement small enough for the embedded engine to plan quickly.
const BATCH_SIZE = 500;

export const DEMO_PARTNERSHIP = {
  name: 'Calderdale Recovery Partnership',
  slug: 'calderdale',
  laCodes: [CALDERDALE_LA_CODE],
} as const;

function inBatches<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

export async function insertPostcodes(trx: Knex.Transaction, postcodes: PostcodeRecord[]): Promise<number> {
  for (const batch of inBatches(postcodes, BATCH_SIZE)) {
    await trx('postcode')
      .insert(
        batch.map((p) => ({
          postcode: p.postcode,
          geom: trx.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [p.lng, p.lat]),
          lsoa11: p.lsoa11,
          la_code: p.laCode,
          terminated_on: p.terminatedOn,
          usertype: p.usertype,
        })),
      )
      .onConflict('postcode')
      .merge();
  }
  return postcodes.length;
}

export type AreaRecord = LsoaBoundary & { population: number | null; imdRank: number | null; imdDecile: number | null };

/** Joins boundaries to IMD and population on the 2011 LSOA code. */
export function joinAreas(
  boundaries: LsoaBoundary[],
  imd: Map<string, { rank: number; decile: number }>,
  population: Map<string, number>,
): AreaRecord[] {
  return boundaries.map((b) => ({
    ...b,
    population: population.get(b.code) ?? null,
    imdRank: imd.get(b.code)?.rank ?? null,
    imdDecile: imd.get(b.code)?.decile ?? null,
  }));
}

export async function insertAreas(trx: Knex.Transaction, areas: AreaRecord[]): Promise<number> {
  for (const batch of inBatches(areas, BATCH_SIZE)) {
    await trx('area')
      .insert(
        batch.map((a) => ({
          code: a.code,
          kind: 'lsoa11',
          name: a.name,
          la_code: a.laCode,
          geom: trx.raw('ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326))', [JSON.stringify(a.geometry)]),
          population: a.population,
          population_source: a.population === null ? null : POPULATION_SOURCE,
          imd_rank: a.imdRank,
          imd_decile: a.imdDecile,
        })),
      )
      .onConflict('code')
      .merge();
  }
  return areas.length;
}

export async function insertDemoPartnership(trx: Knex.Transaction, boundary: GeoJsonGeometry): Promise<string> {
  const [row] = await trx('partnership')
    .insert({
      name: DEMO_PARTNERSHIP.name,
      slug: DEMO_PARTNERSHIP.slug,
      la_codes: [...DEMO_PARTNERSHIP.laCodes],
      boundary: trx.raw('ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(?), 4326))', [JSON.stringify(boundary)]),
    })
    .returning('id');
  return row.id;
}

export type ReferenceFiles = {
  postcodes: PostcodeRecord[];
  skippedWithoutCoordinates: number;
  areas: AreaRecord[];
  ladBoundary: GeoJsonGeometry;
};

export function readReferenceFiles(): ReferenceFiles {
  const { postcodes, skippedWithoutCoordinates } = parsePostcodes(readSeedFile(REFERENCE_FILES.postcodes));
  const areas = joinAreas(
    parseLsoaBoundaries(readSeedFile(REFERENCE_FILES.lsoaBoundaries)),
    parseImd(readSeedFile(REFERENCE_FILES.imd)),
    parsePopulation(readSeedFile(REFERENCE_FILES.population)),
  );
  return { postcodes, skippedWithoutCoordinates, areas, ladBoundary: parseLadBoundary(readSeedFile(REFERENCE_FILES.ladBoundary)) };
}

/**
 * Postcodes and LSOAs in one transaction (no acting user: the system loads them), so a
 * failure part-way leaves neither table half-filled.
 */
export async function loadReferenceGeography(
  knex: Knex,
  files: ReferenceFiles,
  log: (msg: string) => void = () => {},
): Promise<{ postcodes: number; areas: number }> {
  return writeTransaction(knex, null, async (trx) => {
    log(`loading ${files.postcodes.length.toLocaleString('en-GB')} postcodes (NSPL Nov 2021, HX) …`);
    const postcodes = await insertPostcodes(trx, files.postcodes);
    log(`loading ${files.areas.length} LSOAs with population and IMD 2019 …`);
    const areas = await insertAreas(trx, files.areas);
    return { postcodes, areas };
  });
}
