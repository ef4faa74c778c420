import type { Table } from './csv';

/**
 * A GeoJSON FeatureCollection of points as a table: each feature's properties are its
 * columns, and its point gives two more, `latitude` and `longitude`, so one mapping step
 * serves CSV and GeoJSON. A list of words becomes "a;b" (as a spreadsheet writes it); a
 * list of objects (a schedule) stays JSON, which the schedule column reads. Pure.
 */
export const GEOMETRY_COLUMNS = { lat: 'latitude', lng: 'longitude' } as const;

function cellOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.every((x) => typeof x !== 'object' || x === null) ? v.join(';') : JSON.stringify(v);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function parseGeojson(text: string): Table {
  const data = JSON.parse(text);
  if (data?.type !== 'FeatureCollection' || !Array.isArray(data.features)) throw new Error('expected a GeoJSON FeatureCollection');
  const headers = new Set<string>();
  const records = data.features.map((f: { geometry?: { type?: string; coordinates?: unknown[] }; properties?: Record<string, unknown> }) => {
    const record: Record<string, string> = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      headers.add(k);
      record[k] = cellOf(v);
    }
    const c = f.geometry?.type === 'Point' ? f.geometry.coordinates : undefined;
    record[GEOMETRY_COLUMNS.lng] = c ? String(c[0]) : '';
    record[GEOMETRY_COLUMNS.lat] = c ? String(c[1]) : '';
    return record;
  });
  return { headers: [...headers, GEOMETRY_COLUMNS.lat, GEOMETRY_COLUMNS.lng], records };
}
