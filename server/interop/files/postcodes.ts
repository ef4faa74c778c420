import { normalisePostcode, terminationDate } from '../../../seeds/reference-files';

/**
 * One row of the ONS Postcode Directory (ONSPD) or National Statistics Postcode Lookup
 * (NSPL) → a `postcode` row. Both use the same column names for what Waymark keeps
 * (pcds, doterm, lat, long, laua, lsoa11). Terminated postcodes are kept, flagged by
 * their termination month, because old records and letters still carry them. Pure.
 */
export type PostcodeRow = { postcode: string; lat: number; lng: number; lsoa11: string | null; laCode: string | null; terminatedOn: string | null };
export type Skip = { skip: 'no_point' | 'bad_row'; reason: string };

export const REQUIRED_COLUMNS = ['pcds', 'doterm', 'lat', 'long'] as const;

export function postcodeRowOf(r: Record<string, string>): PostcodeRow | Skip {
  const raw = (r.pcds || r.pcd || '').trim();
  if (!/^[A-Za-z]{1,2}[0-9][A-Za-z0-9]?\s*[0-9][A-Za-z]{2}$/.test(raw)) return { skip: 'bad_row', reason: `"${raw}" is not a postcode` };
  const lat = Number(r.lat);
  const lng = Number(r.long);
  // No grid reference: the files carry lat 99.999999 (and long 0) for these.
  if (r.lat === '' || r.long === '' || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90) return { skip: 'no_point', reason: 'no grid reference' };
  let terminatedOn: string | null;
  try {
    terminatedOn = terminationDate((r.doterm ?? '').trim());
  } catch (err) {
    return { skip: 'bad_row', reason: (err as Error).message };
  }
  return { postcode: normalisePostcode(raw), lat, lng, lsoa11: r.lsoa11 || null, laCode: r.laua || null, terminatedOn };
}
