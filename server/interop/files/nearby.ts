/**
 * Which points have an earlier point within `metres` (an equirectangular distance, which
 * over a few hundred metres errs by far less than the margin callers add). Grid buckets
 * of the radius keep it linear. Pure.
 */
export function nearEarlier(points: { lat: number; lng: number }[], metres: number): Set<number> {
  const R = 6_371_008.8;
  const cellDeg = (metres / R) * (180 / Math.PI);
  const buckets = new Map<string, number[]>();
  const near = new Set<number>();
  points.forEach((p, i) => {
    const cosLat = Math.cos((p.lat * Math.PI) / 180);
    const cx = Math.floor((p.lng * cosLat) / cellDeg);
    const cy = Math.floor(p.lat / cellDeg);
    for (let dx = -1; dx <= 1 && !near.has(i); dx++) {
      for (let dy = -1; dy <= 1 && !near.has(i); dy++) {
        for (const j of buckets.get(`${cx + dx},${cy + dy}`) ?? []) {
          const q = points[j];
          const x = ((q.lng - p.lng) * Math.PI) / 180 * cosLat * R;
          const y = ((q.lat - p.lat) * Math.PI) / 180 * R;
          if (Math.hypot(x, y) <= metres) {
            near.add(i);
            break;
          }
        }
      }
    }
    const key = `${cx},${cy}`;
    if (!buckets.has(key)) buckets.set(key, []);
    buckets.get(key)!.push(i);
  });
  return near;
}
