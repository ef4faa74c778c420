import type { Knex } from 'knex';
import { writeTransaction } from '../audit/transaction';
import { ImportProblems, parseBoundaryGeoJson, parseDeprivationCsv, parsePopulationCsv, parseWardGeoJson, type AreaVintage, type Mapping, type RowProblem } from './parse';
import * as repo from './repo';

export type ImportFile = { name: string; text: string; mapping?: Mapping };
export type ImportInput = { boundaries?: ImportFile; population?: ImportFile; deprivation?: ImportFile; wards?: ImportFile };
export type ImportProgress = { stage: 'boundaries' | 'population' | 'deprivation' | 'wards'; done: number; total: number };
export type ImportResult = { id: string; areaKind: AreaVintage; areas: number; boundaries: number; population: number; deprivation: number; retired: number; wards: number; inWards: number | null };

const BATCH = 200;

function parseAll(input: ImportInput) {
  const problems: RowProblem[] = [];
  const attempt = <T>(run: () => T): T | undefined => {
    try {
      return run();
    } catch (err) {
      if (!(err instanceof ImportProblems)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const boundaries = input.boundaries && attempt(() => parseBoundaryGeoJson(input.boundaries!.text, input.boundaries!.mapping, input.boundaries!.name));
  const population = input.population && attempt(() => parsePopulationCsv(input.population!.text, input.population!.mapping, input.population!.name));
  const deprivation = input.deprivation && attempt(() => parseDeprivationCsv(input.deprivation!.text, input.deprivation!.mapping, input.deprivation!.name));
  const wards = input.wards && attempt(() => parseWardGeoJson(input.wards!.text, input.wards!.mapping, input.wards!.name));
  if (problems.length) throw new ImportProblems(problems);
  return { boundaries, population, deprivation, wards };
}

/**
 * Boundaries, population and deprivation joined on the LSOA code (and wards, which replace
 * the ward layer and are assigned their LSOAs) written in one
 * transaction: every file is read and checked first (any problem refuses the lot, naming
 * row and field), then the writes run; if anything fails part-way nothing is kept.
 */
export async function importAreas(knex: Knex, actorId: string | null, input: ImportInput, onProgress: (p: ImportProgress) => void = () => {}): Promise<ImportResult> {
  if (!input.boundaries && !input.population && !input.deprivation && !input.wards) {
    throw new ImportProblems([{ file: '(none)', row: 0, field: 'files', message: 'send at least one of boundaries, population, deprivation, wards' }]);
  }
  const { boundaries, population, deprivation, wards } = parseAll(input);
  const vintages = [boundaries, population, deprivation].filter((f) => f !== undefined).map((f) => f!.vintage);
  return writeTransaction(knex, actorId, async (trx) => {
    // Wards alone: the record names the kind of LSOAs already held.
    const areaKind = boundaries?.vintage ?? vintages[0] ?? (await repo.heldAreaKind(trx));
    const problems: RowProblem[] = [];
    const inBoundaries = new Set(boundaries?.records.map((r) => r.code) ?? []);
    for (const [role, file] of [['population', population], ['deprivation', deprivation]] as const) {
      if (!file) continue;
      if (file.vintage !== areaKind) problems.push({ file: input[role]!.name, row: 1, field: 'code', message: `holds ${file.vintage === 'lsoa11' ? '2011' : '2021'} LSOA codes but the areas are ${areaKind === 'lsoa11' ? '2011' : '2021'} LSOAs` });
      const known = await repo.knownCodes(trx, file.records.filter((r) => !inBoundaries.has(r.code)).map((r) => r.code));
      for (const r of file.records) if (!inBoundaries.has(r.code) && !known.has(r.code)) problems.push({ file: input[role]!.name, row: r.row, field: 'code', message: `${r.code} is not a known area; import its boundary too` });
    }
    if (problems.length) throw new ImportProblems(problems.slice(0, 100));

    // An authority code from whichever file carries one (LSOA 2021 boundaries do not).
    const laOf = new Map<string, string>();
    for (const f of [population, deprivation, boundaries]) for (const r of f?.records ?? []) if (r.laCode) laOf.set(r.code, r.laCode);
    let retired = 0;
    if (boundaries) {
      const las = [...new Set(boundaries.records.map((r) => laOf.get(r.code)).filter((c): c is string => !!c))];
      retired = await repo.retireOtherVintage(trx, boundaries.vintage, las, boundaries.records.map((r) => r.code));
      const records = boundaries.records.map((r) => ({ ...r, laCode: laOf.get(r.code) ?? null }));
      for (let i = 0; i < records.length; i += BATCH) {
        await repo.upsertBoundaries(trx, boundaries.vintage, boundaries.srid, records.slice(i, i + BATCH));
        onProgress({ stage: 'boundaries', done: Math.min(i + BATCH, records.length), total: records.length });
      }
    }
    if (population) {
      for (let i = 0; i < population.records.length; i += BATCH * 5) {
        await repo.updatePopulation(trx, population.source, population.records.slice(i, i + BATCH * 5));
        onProgress({ stage: 'population', done: Math.min(i + BATCH * 5, population.records.length), total: population.records.length });
      }
    }
    if (deprivation) {
      for (let i = 0; i < deprivation.records.length; i += BATCH * 5) {
        await repo.updateDeprivation(trx, deprivation.release, deprivation.records.slice(i, i + BATCH * 5));
        onProgress({ stage: 'deprivation', done: Math.min(i + BATCH * 5, deprivation.records.length), total: deprivation.records.length });
      }
    }
    if (wards) {
      await repo.clearWards(trx);
      for (let i = 0; i < wards.records.length; i += BATCH) {
        await repo.insertWards(trx, wards.srid, wards.records.slice(i, i + BATCH));
        onProgress({ stage: 'wards', done: Math.min(i + BATCH, wards.records.length), total: wards.records.length });
      }
    }
    // New wards or new LSOAs: each LSOA to the ward holding its point-on-surface.
    const inWards = wards || boundaries ? await repo.assignWards(trx) : null;
    const counts = { boundaries: boundaries?.records.length ?? 0, population: population?.records.length ?? 0, deprivation: deprivation?.records.length ?? 0, wards: wards?.records.length ?? 0 };
    const files = (['boundaries', 'population', 'deprivation', 'wards'] as const).filter((r) => input[r]).map((role) => ({
      role, name: input[role]!.name, rows: counts[role],
      release: role === 'deprivation' ? deprivation!.release : role === 'population' ? population!.source : role === 'wards' ? wards!.source : boundaries!.vintage,
    }));
    const areas = new Set([...(boundaries?.records ?? []), ...(population?.records ?? []), ...(deprivation?.records ?? [])].map((r) => r.code)).size;
    const id = await repo.recordImport(trx, { areaKind, files, areaCount: areas, importedBy: actorId });
    return { id, areaKind, areas, ...counts, retired, inWards };
  });
}
