import { parse } from 'csv-parse/sync';

/**
 * Reading the files a commissioner downloads, exactly as published (pure, no I/O):
 * LSOA boundaries (GeoJSON), population (IoD File 6 or ONS mid-year estimates) and
 * deprivation (IoD File 1). Columns are found by their published headings (IoD 2019 and
 * 2025, ONS SAPE), or named by hand. Every problem names its row and field; a file with
 * any problem is refused whole.
 */
export type RowProblem = { file: string; row: number; field: string; message: string };
export type AreaVintage = 'lsoa11' | 'lsoa21';
export type Mapping = Partial<Record<'code' | 'name' | 'laCode' | 'rank' | 'decile' | 'population', string>>;

export class ImportProblems extends Error {
  constructor(readonly problems: RowProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.slice(0, 3).map((p) => `${p.file} row ${p.row}, ${p.field}: ${p.message}`).join('; ')}`);
  }
}

const MAX_PROBLEMS = 100;

class Collector {
  readonly problems: RowProblem[] = [];
  constructor(private readonly file: string) {}
  add(row: number, field: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ file: this.file, row, field, message });
  }
  throwIfAny(): void {
    if (this.problems.length) throw new ImportProblems([...this.problems].sort((a, b) => a.row - b.row));
  }
}

/** "29,199" / " 1 745 " → 29199 / 1745; anything else is not a whole number. */
export function wholeNumber(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const cleaned = raw.replace(/[,\s]/g, '');
  if (!/^\d+$/.test(cleaned)) return null;
  return Number(cleaned);
}

const vintageOfYear = (year: string): AreaVintage => (year === '2011' ? 'lsoa11' : 'lsoa21');

/** The first heading matching a pattern (or the hand-mapped one, which must exist). */
function findColumn(headers: string[], patterns: RegExp[], mapped: string | undefined, field: string, problems: Collector, required = true): string | null {
  if (mapped !== undefined) {
    if (headers.includes(mapped)) return mapped;
    problems.add(1, field, `the mapped column "${mapped}" is not in the file (it has: ${headers.join(', ')})`);
    return null;
  }
  for (const p of patterns) {
    const found = headers.find((h) => p.test(h.trim()));
    if (found !== undefined) return found;
  }
  if (required) problems.add(1, field, `no column looks like the ${field}; map it by hand (${field}=<column heading>)`);
  return null;
}

function readCsv(text: string): { headers: string[]; rows: Record<string, string>[] } {
  const rows: Record<string, string>[] = parse(text, { columns: true, skip_empty_lines: true, bom: true, trim: true, relax_column_count: true });
  const headers: string[] = parse(text, { to_line: 1, bom: true, trim: true })[0] ?? [];
  return { headers, rows };
}

const CODE_PATTERNS = [/^LSOA code \((2011|2021)\)$/i, /^LSOA ?(11|21|2011|2021) ?(code|CD)$/i, /^LSOA(11|21)CD$/i, /^LSOA code$/i];
const LA_PATTERNS = [/^Local Authority District code \(\d{4}\)$/i, /^LAD ?\d{2,4} ?(code|CD)$/i, /^LAD\d{2}CD$/i, /^LADCD(_ACTIVE)?$/i];

/** 2011 or 2021 LSOAs, from the code column's heading ("LSOA code (2011)", "LSOA21CD"). */
function vintageFromHeader(header: string | null): AreaVintage | null {
  const m = header?.match(/(2011|2021|11|21)/);
  return m ? vintageOfYear(m[1].length === 2 ? `20${m[1]}` : m[1]) : null;
}

type CsvRecord = { row: number; code: string; laCode: string | null };

function readCodes(rows: Record<string, string>[], codeCol: string, laCol: string | null, problems: Collector): CsvRecord[] {
  const seen = new Map<string, number>();
  return rows.flatMap((r, i) => {
    const row = i + 2; // the heading is row 1
    const code = (r[codeCol] ?? '').trim();
    if (!/^[EW]0\d{7}$/.test(code)) {
      problems.add(row, codeCol, `"${code}" is not an LSOA code (E01…)`);
      return [];
    }
    if (seen.has(code)) {
      problems.add(row, codeCol, `${code} appears again (first on row ${seen.get(code)})`);
      return [];
    }
    seen.set(code, row);
    return [{ row, code, laCode: laCol ? r[laCol]?.trim() || null : null }];
  });
}

export type DeprivationFile = { release: string; vintage: AreaVintage; records: (CsvRecord & { rank: number; decile: number })[] };

/** IoD File 1: IMD rank (1 = most deprived) and decile per LSOA. */
export function parseDeprivationCsv(text: string, mapping: Mapping = {}, file = 'deprivation'): DeprivationFile {
  const problems = new Collector(file);
  const { headers, rows } = readCsv(text);
  const codeCol = findColumn(headers, CODE_PATTERNS, mapping.code, 'code', problems);
  const rankCol = findColumn(headers, [/^Index of Multiple Deprivation \(IMD\) Rank/i, /^IMD ?Rank$/i], mapping.rank, 'rank', problems);
  const decileCol = findColumn(headers, [/^Index of Multiple Deprivation \(IMD\) Decile/i, /^IMD ?Decil/i], mapping.decile, 'decile', problems);
  const laCol = findColumn(headers, LA_PATTERNS, mapping.laCode, 'laCode', problems, false);
  problems.throwIfAny();
  const vintage = vintageFromHeader(codeCol) ?? 'lsoa11';
  const records = readCodes(rows, codeCol!, laCol, problems).flatMap((rec) => {
    const r = rows[rec.row - 2];
    const rank = wholeNumber(r[rankCol!]);
    const decile = wholeNumber(r[decileCol!]);
    if (rank === null || rank < 1) problems.add(rec.row, rankCol!, `"${r[rankCol!]}" is not a rank (a whole number from 1)`);
    if (decile === null || decile < 1 || decile > 10) problems.add(rec.row, decileCol!, `"${r[decileCol!]}" is not a decile (1 to 10)`);
    return rank === null || decile === null || rank < 1 || decile < 1 || decile > 10 ? [] : [{ ...rec, rank, decile }];
  });
  problems.throwIfAny();
  return { release: vintage === 'lsoa11' ? 'IoD2019' : 'IoD2025', vintage, records };
}

export type PopulationFile = { source: string; vintage: AreaVintage; records: (CsvRecord & { population: number; groups: Record<string, number> })[] };

/**
 * Population per LSOA: IoD File 6 ("Total population: mid 2015 (excluding prisoners)",
 * with "Older population aged 60 and over") or ONS small-area estimates ("Total" or
 * "All Ages", single years F0…M90 or 0…90+). Group counts come from what the file has:
 * 60 and over → older_people; ONS ages 18–25 → young_adults; ONS F/M columns → women/men.
 */
export function parsePopulationCsv(text: string, mapping: Mapping = {}, file = 'population'): PopulationFile {
  const problems = new Collector(file);
  const { headers, rows } = readCsv(text);
  const codeCol = findColumn(headers, CODE_PATTERNS, mapping.code, 'code', problems);
  const totalCol = findColumn(headers, [/^Total population: mid \d{4}/i, /^Total$/i, /^All Ages$/i, /^Population$/i], mapping.population, 'population', problems);
  const laCol = findColumn(headers, LA_PATTERNS, mapping.laCode, 'laCode', problems, false);
  problems.throwIfAny();
  const olderCol = headers.find((h) => /^Older population aged 60 and over/i.test(h));
  const ages = headers.flatMap((h) => {
    const m = h.match(/^([FM])?(\d{1,2})\+?$/);
    return m ? [{ column: h, sex: m[1] ?? null, age: Number(m[2]) }] : [];
  });
  const records = readCodes(rows, codeCol!, laCol, problems).flatMap((rec) => {
    const r = rows[rec.row - 2];
    const population = wholeNumber(r[totalCol!]);
    if (population === null) {
      problems.add(rec.row, totalCol!, `"${r[totalCol!]}" is not a whole number`);
      return [];
    }
    const groups: Record<string, number> = {};
    const add = (group: string, column: string) => {
      const n = wholeNumber(r[column]);
      if (n === null) problems.add(rec.row, column, `"${r[column]}" is not a whole number`);
      else groups[group] = (groups[group] ?? 0) + n;
    };
    if (olderCol) add('older_people', olderCol);
    for (const a of ages) {
      if (a.age >= 60 && !olderCol) add('older_people', a.column);
      if (a.age >= 18 && a.age <= 25) add('young_adults', a.column);
      if (a.sex === 'F') add('women', a.column);
      if (a.sex === 'M') add('men', a.column);
    }
    return [{ ...rec, population, groups }];
  });
  problems.throwIfAny();
  return { source: totalCol!, vintage: vintageFromHeader(codeCol) ?? 'lsoa11', records };
}

export type Geometry = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
export type BoundaryFile = { vintage: AreaVintage; srid: 4326 | 27700; records: AreaRecord[] };

const isPosition = (p: unknown) => Array.isArray(p) && p.length >= 2 && p.every((v) => typeof v === 'number' && Number.isFinite(v));
const isRing = (r: unknown) => Array.isArray(r) && r.length >= 4 && r.every(isPosition);
const isPolygon = (p: unknown) => Array.isArray(p) && p.length >= 1 && p.every(isRing);
const withinDegrees = (c: unknown): boolean =>
  isPosition(c) ? Math.abs((c as number[])[0]) <= 180 && Math.abs((c as number[])[1]) <= 90 : Array.isArray(c) && c.every(withinDegrees);

type FeatureCollection = { type?: string; crs?: { properties?: { name?: string } }; features: { properties?: Record<string, unknown>; geometry?: Geometry }[] };

function readFeatureCollection(text: string, file: string): FeatureCollection {
  let fc: Partial<FeatureCollection>;
  try {
    fc = JSON.parse(text);
  } catch (err) {
    throw new ImportProblems([{ file, row: 0, field: '(file)', message: `is not JSON: ${(err as Error).message}` }]);
  }
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features) || fc.features.length === 0) {
    throw new ImportProblems([{ file, row: 0, field: 'type', message: 'must be a GeoJSON FeatureCollection with at least one feature' }]);
  }
  return fc as FeatureCollection;
}

/** A feature's polygon(s), or a problem naming it; in WGS84 files, coordinates must be degrees. */
function checkedGeometry(g: Geometry | undefined, srid: number, row: number, problems: Collector): Geometry | null {
  const valid = !!g && ((g.type === 'Polygon' && isPolygon(g.coordinates)) || (g.type === 'MultiPolygon' && Array.isArray(g.coordinates) && g.coordinates.length > 0 && g.coordinates.every(isPolygon)));
  if (!valid) problems.add(row, 'geometry', 'must be a Polygon or MultiPolygon with closed rings of numeric positions');
  if (srid === 4326 && valid && !withinDegrees(g!.coordinates)) problems.add(row, 'geometry', 'has coordinates beyond ±180: is the file in British National Grid without saying so?');
  return valid ? g! : null;
}

const sridOf = (fc: FeatureCollection): 4326 | 27700 => (/27700/.test(fc.crs?.properties?.name ?? '') ? 27700 : 4326);

type AreaRecord = { row: number; code: string; name: string; laCode: string | null; geometry: Geometry };

/** What sets one kind of boundary file apart: its property names and what a valid code is. */
type AreaKind = {
  code: RegExp[];
  name: RegExp[];
  laCode: RegExp[];
  /** Why a (trimmed) code is refused, or null. */
  codeProblem(code: string): string | null;
  maxName?: number;
};

/**
 * Named polygons, one per feature (rows numbered from 1): each must have a valid code,
 * unique in the file, a name and a Polygon or MultiPolygon; WGS84, or British National
 * Grid when the file says EPSG:27700. Returns the property names it read.
 */
function parseAreaFeatures(text: string, mapping: Mapping, file: string, kind: AreaKind): { srid: 4326 | 27700; codeKey: string; nameKey: string; records: AreaRecord[] } {
  const problems = new Collector(file);
  const fc = readFeatureCollection(text, file);
  const keys = Object.keys(fc.features[0].properties ?? {});
  const codeKey = findColumn(keys, kind.code, mapping.code, 'code', problems);
  const nameKey = findColumn(keys, kind.name, mapping.name, 'name', problems);
  const laKey = findColumn(keys, kind.laCode, mapping.laCode, 'laCode', problems, false);
  problems.throwIfAny();
  const srid = sridOf(fc);
  const seen = new Map<string, number>();
  const records = fc.features.flatMap((f, i) => {
    const row = i + 1;
    const code = String(f.properties?.[codeKey!] ?? '').trim();
    const name = String(f.properties?.[nameKey!] ?? '').trim();
    const codeProblem = kind.codeProblem(code);
    if (codeProblem) problems.add(row, `properties.${codeKey}`, codeProblem);
    else if (seen.has(code)) problems.add(row, `properties.${codeKey}`, `${code} appears again (first in feature ${seen.get(code)})`);
    const nameOk = !!name && (kind.maxName === undefined || name.length <= kind.maxName);
    if (!nameOk) problems.add(row, `properties.${nameKey}`, name ? `is longer than ${kind.maxName} characters` : 'is empty');
    const geometry = checkedGeometry(f.geometry, srid, row, problems);
    if (!codeProblem && !seen.has(code)) seen.set(code, row);
    return !codeProblem && nameOk && geometry ? [{ row, code, name, laCode: laKey ? String(f.properties?.[laKey] ?? '').trim() || null : null, geometry }] : [];
  });
  problems.throwIfAny();
  return { srid, codeKey: codeKey!, nameKey: nameKey!, records };
}

const LSOA_AREAS: AreaKind = {
  code: [/^LSOA(11|21)CD$/i],
  name: [/^LSOA(11|21)NM$/i],
  laCode: [/^LADCD(_ACTIVE)?$/i, /^LAD\d{2}CD$/i],
  codeProblem: (code) => (/^[EW]0\d{7}$/.test(code) ? null : `"${code}" is not an LSOA code (E01…)`),
};

/**
 * LSOA boundaries as the ONS Open Geography Portal publishes them (LSOA11CD/LSOA11NM or
 * LSOA21CD/LSOA21NM; WGS84, or British National Grid when the file says EPSG:27700).
 * Rows are features, numbered from 1.
 */
export function parseBoundaryGeoJson(text: string, mapping: Mapping = {}, file = 'boundaries'): BoundaryFile {
  const { srid, codeKey, records } = parseAreaFeatures(text, mapping, file, LSOA_AREAS);
  return { vintage: vintageFromHeader(codeKey) ?? 'lsoa11', srid, records };
}

export type WardFile = { srid: 4326 | 27700; source: string; records: AreaRecord[] };

const WARD_AREAS: AreaKind = {
  code: [/^WD\d{2}CD$/i],
  name: [/^WD\d{2}NM$/i],
  laCode: [/^LAD\d{2}CD$/i, /^LADCD(_ACTIVE)?$/i],
  codeProblem: (code) => (!code ? 'is empty' : code.length > 40 ? 'is longer than 40 characters' : null),
  maxName: 120,
};

/**
 * Wards as ONS publishes them (WDyyCD / WDyyNM, e.g. "Wards (December 2022) Boundaries UK
 * BGC"), or any named local boundary with its code and name columns mapped by hand. The
 * source says which columns were read ("WD22CD/WD22NM").
 */
export function parseWardGeoJson(text: string, mapping: Mapping = {}, file = 'wards'): WardFile {
  const { srid, codeKey, nameKey, records } = parseAreaFeatures(text, mapping, file, WARD_AREAS);
  return { srid, source: `${codeKey}/${nameKey}`, records };
}
