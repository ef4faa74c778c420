import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

/**
 * The shipped open data (seeds/open-data/, see OGL-NOTICE.md there) read into plain records.
 * Pure parsing, no database: seeds/reference.ts writes what these return.
 */
export const SEED_DATA_DIR = path.join(__dirname, 'open-data');

export const REFERENCE_FILES = {
  postcodes: 'NSPL_NOV_2021_UK_HX_trimmed.csv',
  imd: 'IoD2019_File_1_IMD_Calderdale.csv',
  population: 'IoD2019_File_6_Population_Denominators_Calderdale.csv',
  lsoaBoundaries: 'lsoa11_boundaries_calderdale.geojson',
  ladBoundary: 'lad_boundary_calderdale_bsc.geojson',
} as const;

/** The NSPL columns the trimmed copy keeps, with their original names. */
export const NSPL_COLUMNS = ['pcds', 'doterm', 'usertype', 'lat', 'long', 'lsoa11', 'laua', 'oseast1m', 'osnrth1m'] as const;

export const CALDERDALE_LA_CODE = 'E08000033';
export const POPULATION_SOURCE = 'IoD2019 File 6: total population, mid 2015 (excluding prisoners)';

const IMD_RANK = 'Index of Multiple Deprivation (IMD) Rank';
const IMD_DECILE = 'Index of Multiple Deprivation (IMD) Decile';
const LSOA_CODE = 'LSOA code (2011)';
const POPULATION_TOTAL = 'Total population: mid 2015 (excluding prisoners)';

export type PostcodeRecord = {
  postcode: string;
  lat: number;
  lng: number;
  lsoa11: string | null;
  laCode: string | null;
  /** First day of the month the postcode was terminated ("YYYY-MM-01"), or null when live. */
  terminatedOn: string | null;
  /** NSPL usertype: 0 = small user (mostly homes), 1 = large user (one big addressee); null if the file lacks it. */
  usertype: 0 | 1 | null;
};

export type GeoJsonGeometry = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown };
export type LsoaBoundary = { code: string; name: string; laCode: string | null; geometry: GeoJsonGeometry };

export const readSeedFile = (name: string): string => fs.readFileSync(path.join(SEED_DATA_DIR, name), 'utf8');

/** "29,199" → 29199: IoD ranks and populations carry thousands separators. */
export function parseCount(value: string, what: string): number {
  const n = Number(value.replace(/,/g, '').trim());
  if (!Number.isInteger(n) || value.trim() === '') throw new Error(`${what}: "${value}" is not a whole number`);
  return n;
}

/** NSPL "201504" (YYYYMM) → "2015-04-01"; empty → null (a live postcode). */
export function terminationDate(doterm: string): string | null {
  if (!doterm) return null;
  if (!/^\d{6}$/.test(doterm)) throw new Error(`doterm "${doterm}" is not YYYYMM`);
  return `${doterm.slice(0, 4)}-${doterm.slice(4, 6)}-01`;
}

/** "hx11aa" / "HX1  1AA" → "HX1 1AA": the inward code is always the last three characters. */
export const normalisePostcode = (raw: string): string => {
  const compact = raw.replace(/\s+/g, '').toUpperCase();
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
};

/**
 * NSPL rows with a usable point. Postcodes with no grid reference carry lat 99.999999 and
 * long 0 in the NSPL (and could be empty in a trimmed file); those are skipped.
 */
export function parsePostcodes(csv: string): { postcodes: PostcodeRecord[]; skippedWithoutCoordinates: number } {
  const rows: Record<string, string>[] = parse(csv, { columns: true, skip_empty_lines: true });
  const postcodes: PostcodeRecord[] = [];
  let skippedWithoutCoordinates = 0;
  for (const r of rows) {
    const lat = Number(r.lat);
    const lng = Number(r.long);
    if (r.lat === '' || r.long === '' || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90) {
      skippedWithoutCoordinates++;
      continue;
    }
    postcodes.push({
      postcode: normalisePostcode(r.pcds),
      lat,
      lng,
      lsoa11: r.lsoa11 || null,
      laCode: r.laua || null,
      terminatedOn: terminationDate(r.doterm),
      usertype: r.usertype === '0' ? 0 : r.usertype === '1' ? 1 : null,
    });
  }
  return { postcodes, skippedWithoutCoordinates };
}

/** IoD2019 File 1: LSOA code → IMD rank (1 = most deprived in England) and decile. */
export function parseImd(csv: string): Map<string, { rank: number; decile: number }> {
  const rows: Record<string, string>[] = parse(csv, { columns: true, skip_empty_lines: true });
  return new Map(rows.map((r) => [r[LSOA_CODE], { rank: parseCount(r[IMD_RANK], IMD_RANK), decile: parseCount(r[IMD_DECILE], IMD_DECILE) }]));
}

/** IoD2019 File 6: LSOA code → total population, mid 2015. */
export function parsePopulation(csv: string): Map<string, number> {
  const rows: Record<string, string>[] = parse(csv, { columns: true, skip_empty_lines: true });
  return new Map(rows.map((r) => [r[LSOA_CODE], parseCount(r[POPULATION_TOTAL], POPULATION_TOTAL)]));
}

type FeatureCollection = { features: { properties: Record<string, unknown>; geometry: GeoJsonGeometry }[] };

export function parseLsoaBoundaries(geojson: string): LsoaBoundary[] {
  const fc = JSON.parse(geojson) as FeatureCollection;
  return fc.features.map((f) => ({
    code: String(f.properties.LSOA11CD),
    name: String(f.properties.LSOA11NM),
    laCode: f.properties.LADCD_ACTIVE ? String(f.properties.LADCD_ACTIVE) : null,
    geometry: f.geometry,
  }));
}

/** The local authority outline: the one feature's geometry. */
export function parseLadBoundary(geojson: string): GeoJsonGeometry {
  const fc = JSON.parse(geojson) as FeatureCollection;
  if (fc.features.length !== 1) throw new Error(`expected one local authority outline, found ${fc.features.length}`);
  return fc.features[0].geometry;
}
