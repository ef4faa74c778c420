/** Small plane-geometry helpers on lng/lat; good enough at a partnership's scale. */
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** Ray casting: is the point inside the (multi)polygon, holes respected? */
export function pointInPolygon(lng: number, lat: number, shape: Polygon | MultiPolygon): boolean {
  const polygons = shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates;
  return polygons.some(([outer, ...holes]) => !!outer && insideRing(lng, lat, outer) && !holes.some((hole) => insideRing(lng, lat, hole)));
}

function insideRing(x: number, y: number, ring: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
