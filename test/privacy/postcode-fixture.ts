import type { Knex } from 'knex';
import proj4 from 'proj4';
import '../geo-reference'; // defines EPSG:27700 for proj4

/**
 * Synthetic postcodes placed on the British National Grid, and an independent (proj4,
 * plain arithmetic) reference for the k-anonymous masking cell the site trigger should
 * choose (migration 2026112401): the database's answer is checked against this.
 */
export type SyntheticPostcode = { postcode: string; lat: number; lng: number; live: boolean };

export const toWgs = (e: number, n: number): { lat: number; lng: number } => {
  const [lng, lat] = proj4('EPSG:27700', 'EPSG:4326', [e, n]);
  return { lat, lng };
};
const toBngPoint = (lat: number, lng: number): [number, number] => proj4('EPSG:4326', 'EPSG:27700', [lng, lat]) as [number, number];

const counters = new Map<string, number>();
function nextCode(outward: string): string {
  const i = counters.get(outward) ?? 0;
  counters.set(outward, i + 1);
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  return `${outward} ${9 - Math.floor(i / 400)}${letters[Math.floor(i / 20) % 20]}${letters[i % 20]}`;
}

/**
 * `count` postcodes of `outward` spread over a grid inside the `size` m cell whose
 * south-west corner is (e0, n0), at least 40 m from its edges.
 */
export function postcodesInCell(outward: string, e0: number, n0: number, size: number, count: number, live = true): SyntheticPostcode[] {
  const side = Math.ceil(Math.sqrt(count));
  const step = (size - 80) / side;
  return Array.from({ length: count }, (_, i) => {
    const e = e0 + 40 + step * ((i % side) + 0.37);
    const n = n0 + 40 + step * (Math.floor(i / side) + 0.61);
    return { postcode: nextCode(outward), ...toWgs(e, n), live };
  });
}

export async function insertPostcodes(knex: Knex, postcodes: SyntheticPostcode[]): Promise<void> {
  await knex('postcode').insert(
    postcodes.map((p) => ({
      postcode: p.postcode,
      geom: knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [p.lng, p.lat]),
      la_code: 'E08000033',
      terminated_on: p.live ? null : '2019-01-01',
    })),
  );
}

export type ExpectedMask = { precision: 'grid_1km' | 'grid_2km' | 'outward_code'; lat: number; lng: number; count1km: number; count2km: number };

/** The masking cell for a sensitive site at (lat, lng) with this postcode, by hand from the rules in docs/privacy.md. */
export function expectedMask(site: { lat: number; lng: number; postcode: string | null }, postcodes: SyntheticPostcode[], k: number): ExpectedMask {
  const [e, n] = toBngPoint(site.lat, site.lng);
  const outward = site.postcode ? site.postcode.split(' ')[0] : null;
  const live = postcodes.filter((p) => p.live);
  const ofOutward = live.filter((p) => outward === null || p.postcode.split(' ')[0] === outward);
  const inCell = (size: number) =>
    ofOutward.filter((p) => {
      const [pe, pn] = toBngPoint(p.lat, p.lng);
      return Math.floor(pe / size) === Math.floor(e / size) && Math.floor(pn / size) === Math.floor(n / size);
    }).length;
  const count1km = inCell(1000);
  const count2km = inCell(2000);
  const centre = (size: number) => toWgs(Math.floor(e / size) * size + size / 2, Math.floor(n / size) * size + size / 2);
  if (live.length === 0 || count1km >= k) return { precision: 'grid_1km', ...centre(1000), count1km, count2km };
  if (count2km >= k) return { precision: 'grid_2km', ...centre(2000), count1km, count2km };
  const area = live.filter((p) => p.postcode.split(' ')[0] === outward);
  return {
    precision: 'outward_code',
    lat: area.reduce((s, p) => s + p.lat, 0) / area.length,
    lng: area.reduce((s, p) => s + p.lng, 0) / area.length,
    count1km,
    count2km,
  };
}

/**
 * Three refuges at known exact points, none on a postcode centroid, each needing a
 * different masking cell under k = 20 with FIXTURE_POSTCODES loaded.
 */
export const FIXTURE_REFUGES = [
  { key: 'one', name: 'Northgate Refuge for Women', postcode: 'HX1 9QQ', ...toWgs(408370, 425640), expect: 'grid_1km' },
  { key: 'two', name: 'Southowram Safe House', postcode: 'HX3 9QQ', ...toWgs(411630, 423280), expect: 'grid_2km' },
  { key: 'three', name: 'Wainstalls Refuge Project', postcode: 'HX2 9QQ', ...toWgs(406420, 427710), expect: 'outward_code' },
] as const;

export function fixturePostcodes(): SyntheticPostcode[] {
  return [
    // Refuge one: 25 live HX1 postcodes in its 1 km cell (k met); terminated and other-district ones must not count.
    ...postcodesInCell('HX1', 408000, 425000, 1000, 25),
    ...postcodesInCell('HX1', 408000, 425000, 1000, 6, false),
    ...postcodesInCell('HX3', 408000, 425000, 1000, 7),
    // Refuge two: 8 HX3 in its 1 km cell, 15 more in the rest of its 2 km cell; 12 HX1 there do not count.
    ...postcodesInCell('HX3', 411000, 423000, 1000, 8),
    ...postcodesInCell('HX3', 410000, 422000, 1000, 15),
    ...postcodesInCell('HX1', 411000, 423000, 1000, 12),
    // Refuge three: 5 + 5 HX2 in its 2 km cell (< k), the rest of HX2 elsewhere.
    ...postcodesInCell('HX2', 406000, 427000, 1000, 5),
    ...postcodesInCell('HX2', 407000, 426000, 1000, 5),
    ...postcodesInCell('HX2', 404000, 426000, 1000, 20),
  ];
}
