import Flatbush from 'flatbush';

/** A point in EPSG:27700 (British National Grid), metres. */
export type GridPoint = { x: number; y: number };

/** One reachable item: its index in the list it came from, and the cost to reach it. */
export type Reach = { index: number; cost: number };

/**
 * Where the measures get "how far" from. Today the cost is the straight-line distance in
 * EPSG:27700 metres; a travel-time source (minutes over a network) can replace it without
 * any caller changing, as long as it answers these three questions. Limits are in the
 * source's own unit.
 */
export interface DistanceSource {
  readonly unit: 'metres' | 'minutes';
  /** The nearest supply point to demand point `demand`, or null when there is none. */
  nearestSupply(demand: number): Reach | null;
  /** Every supply point within `limit` of demand point `demand` (inclusive). */
  suppliesWithin(demand: number, limit: number): Reach[];
  /** Every demand point within `limit` of supply point `supply` (inclusive). */
  demandsWithin(supply: number, limit: number): Reach[];
}

/** A static index over points; `null` when there are none (flatbush needs at least one). */
function indexPoints(points: readonly GridPoint[]): Flatbush | null {
  if (points.length === 0) return null;
  const index = new Flatbush(points.length);
  for (const p of points) index.add(p.x, p.y, p.x, p.y);
  index.finish();
  return index;
}

function within(index: Flatbush | null, points: readonly GridPoint[], from: GridPoint, limit: number): Reach[] {
  if (!index) return [];
  const found: Reach[] = [];
  // Box search, then the exact circle: no scan over every point.
  for (const i of index.search(from.x - limit, from.y - limit, from.x + limit, from.y + limit)) {
    const cost = Math.hypot(points[i].x - from.x, points[i].y - from.y);
    if (cost <= limit) found.push({ index: i, cost });
  }
  return found;
}

/** Straight-line distance in EPSG:27700 metres, answered from two flatbush indexes. */
export function straightLineSource(demand: readonly GridPoint[], supply: readonly GridPoint[]): DistanceSource {
  const demandIndex = indexPoints(demand);
  const supplyIndex = indexPoints(supply);
  return {
    unit: 'metres',
    nearestSupply(d) {
      if (!supplyIndex) return null;
      const [j] = supplyIndex.neighbors(demand[d].x, demand[d].y, 1);
      return { index: j, cost: Math.hypot(supply[j].x - demand[d].x, supply[j].y - demand[d].y) };
    },
    suppliesWithin: (d, limit) => within(supplyIndex, supply, demand[d], limit),
    demandsWithin: (s, limit) => within(demandIndex, demand, supply[s], limit),
  };
}

/**
 * Costs from a precomputed origin–destination matrix (`costs[demand][supply]`, e.g. walking
 * minutes from a routing engine; Infinity = unreachable). Scans rows, so for small
 * matrices only; it is the shape a travel-time source takes.
 */
export function matrixSource(costs: readonly (readonly number[])[], unit: DistanceSource['unit'] = 'minutes'): DistanceSource {
  const supplyCount = costs[0]?.length ?? 0;
  return {
    unit,
    nearestSupply(d) {
      let best: Reach | null = null;
      costs[d].forEach((cost, j) => {
        if (Number.isFinite(cost) && (!best || cost < best.cost)) best = { index: j, cost };
      });
      return best;
    },
    suppliesWithin: (d, limit) => costs[d].flatMap((cost, j) => (cost <= limit ? [{ index: j, cost }] : [])),
    demandsWithin: (s, limit) => (s < supplyCount ? costs.flatMap((row, i) => (row[s] <= limit ? [{ index: i, cost: row[s] }] : [])) : []),
  };
}
