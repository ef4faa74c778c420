import type { CellMeasures } from '../access/analyse';
import type { GapCell } from './demand';
import type { GridCell } from './repo';

/**
 * How figures leave the server: rounded once, here, so the two engines (whose geometry
 * libraries can differ in the last bits) give byte-identical answers.
 */
const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;
const significant = (v: number) => (v === 0 ? 0 : Number(v.toPrecision(6)));

export type CellValues = {
  nearest_m: number | null;
  count_within: number;
  e2sfca: number;
  e2sfca_norm: number;
  gap: boolean;
  gap_score: number;
};

export function cellValues(m: CellMeasures, i: number): CellValues {
  return {
    nearest_m: m.nearest[i] === null ? null : round(m.nearest[i]!, 1),
    count_within: m.countWithin[i],
    e2sfca: significant(m.e2sfca[i]),
    e2sfca_norm: round(m.e2sfcaNorm[i], 4),
    gap: m.gap[i],
    gap_score: round(m.gapScore[i], 1),
  };
}

export const people = (v: number) => round(v, 1);
export const share = (v: number | null) => (v === null ? null : round(v, 4));

/** The cells as a GeoJSON FeatureCollection, written as text (geometry is already text). */
export function cellsGeoJson(grid: GridCell[], cells: GapCell[], m: CellMeasures, category: string): string {
  const features = cells.map((c, i) => `{"type":"Feature","id":${i},"geometry":${grid[i].geometry},"properties":${JSON.stringify(cellProperties(cells, m, category, i))}}`);
  return `{"type":"FeatureCollection","features":[${features.join(',')}]}`;
}

/** One cell's properties as the GeoJSON (and the OGC gap-cells collection) gives them. */
export function cellProperties(cells: GapCell[], m: CellMeasures, category: string, i: number) {
  const c = cells[i];
  return { cell_id: c.id, x: c.x, y: c.y, population: people(c.population), imd_decile: c.imdDecile, area_name: c.areaName, category, ...cellValues(m, i) };
}

export const CSV_COLUMNS = ['cell_id', 'x', 'y', 'population', 'imd_decile', 'category', 'nearest_m', 'count_within', 'e2sfca', 'e2sfca_norm', 'gap', 'gap_score', 'area_code', 'area_name'] as const;

const csvField = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  const s = String(v);
  // Quote when needed; a leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function csvRows(cells: GapCell[], m: CellMeasures, category: string): string[] {
  return cells.map((c, i) => {
    const v = cellValues(m, i);
    const row = { cell_id: c.id, x: c.x, y: c.y, population: people(c.population), imd_decile: c.imdDecile, category, ...v, area_code: c.areaCode, area_name: c.areaName };
    return CSV_COLUMNS.map((k) => csvField(row[k])).join(',');
  });
}
