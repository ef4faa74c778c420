/**
 * Pathway arcs: a pair's straight line A → B bent into a curve that always bows to the
 * right of its direction of travel, so A → B and B → A between the same two services are two
 * separate arcs, and the bend tells the direction without arrowheads (MapLibre would need
 * glyphs or images for those). Pure: no map, no DOM.
 */
export type LngLat = [number, number];

/**
 * Quadratic Bézier from a to b through a control point offset to the right of the chord by
 * `bend` × its length. Worked in a local plane where a degree of longitude is shortened by
 * cos(latitude), so the bow looks the same in every direction on a Web Mercator map.
 */
export function arcCoordinates(a: LngLat, b: LngLat, bend = 0.18, steps = 16): LngLat[] {
  if (a[0] === b[0] && a[1] === b[1]) return [a, b];
  const k = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  const ax = a[0] * k, bx = b[0] * k;
  const dx = bx - ax, dy = b[1] - a[1];
  // The right-hand normal of (dx, dy) is (dy, −dx).
  const cx = (ax + bx) / 2 + dy * bend, cy = (a[1] + b[1]) / 2 - dx * bend;
  const out: LngLat[] = [];
  for (let i = 0; i <= steps; i++) {
    const t = i / steps, u = 1 - t;
    const x = u * u * ax + 2 * u * t * cx + t * t * bx;
    const y = u * u * a[1] + 2 * u * t * cy + t * t * b[1];
    out.push([x / k, y]);
  }
  return out;
}
