import type { DrawDesign, StratumPlan } from './frame';

/**
 * How many pairs a design can give, exactly. Without a contact cap a stratum gives at
 * most its N_h allowed pairs. With a cap c on how often one service is contacted, a
 * stratum alone gives Σ_A min(c, valid_A), and several strata together are a transport
 * problem: source → each service (capacity c) → each stratum it can be A in (capacity
 * valid_A,h) → sink (capacity = the stratum's requested count). The design is feasible iff
 * the maximum flow carries every requested pair. Pure.
 */
export type Capacity = {
  strata: { possible: number; maxDrawable: number; requested: number }[];
  /** Most pairs the frame can give at all under the design's exclusions and cap. */
  maxDrawable: number;
  /** Most of the requested pairs that can be drawn together (= Σ requested when feasible). */
  maxRequestedTogether: number;
};

export function capacityOf(design: Pick<DrawDesign, 'maxContactsPerService'>, plans: StratumPlan[]): Capacity {
  const cap = design.maxContactsPerService ?? Infinity;
  const perAsset = new Map<number, number[]>(); // frame index → valid count per stratum
  plans.forEach((plan, h) =>
    plan.aIndex.forEach((fi, pos) => {
      const row = perAsset.get(fi) ?? perAsset.set(fi, new Array(plans.length).fill(0)).get(fi)!;
      row[h] = plan.validPerA[pos];
    }),
  );
  const strata = plans.map((p) => ({
    possible: p.possible,
    maxDrawable: p.validPerA.reduce((s, v) => s + Math.min(cap, v), 0),
    requested: p.count,
  }));
  let maxDrawable = 0;
  for (const row of perAsset.values()) maxDrawable += Math.min(cap, row.reduce((s, v) => s + v, 0));
  const maxRequestedTogether =
    cap === Infinity || plans.length === 1
      ? strata.reduce((s, h) => s + Math.min(h.requested, h.maxDrawable), 0)
      : maxFlow([...perAsset.values()], cap, strata.map((h) => h.requested));
  return { strata, maxDrawable, maxRequestedTogether };
}

/**
 * Dinic's maximum flow on the three-layer network above. Nodes: 0 source, 1…m services,
 * m+1…m+k strata, m+k+1 sink.
 */
export function maxFlow(validRows: number[][], cap: number, demands: number[]): number {
  const m = validRows.length;
  const k = demands.length;
  const source = 0;
  const sink = m + k + 1;
  const n = sink + 1;
  const head = new Int32Array(n).fill(-1);
  const to: number[] = [];
  const capLeft: number[] = [];
  const next: number[] = [];
  const addEdge = (u: number, v: number, c: number) => {
    to.push(v); capLeft.push(c); next.push(head[u]); head[u] = to.length - 1;
    to.push(u); capLeft.push(0); next.push(head[v]); head[v] = to.length - 1;
  };
  validRows.forEach((row, i) => {
    const total = row.reduce((s, v) => s + v, 0);
    if (total === 0) return;
    addEdge(source, 1 + i, Math.min(cap, total));
    row.forEach((v, h) => { if (v > 0) addEdge(1 + i, 1 + m + h, v); });
  });
  demands.forEach((d, h) => addEdge(1 + m + h, sink, d));

  const level = new Int32Array(n);
  const iter = new Int32Array(n);
  const bfs = (): boolean => {
    level.fill(-1);
    level[source] = 0;
    const queue = [source];
    for (let qi = 0; qi < queue.length; qi++) {
      const u = queue[qi];
      for (let e = head[u]; e !== -1; e = next[e]) {
        if (capLeft[e] > 0 && level[to[e]] < 0) { level[to[e]] = level[u] + 1; queue.push(to[e]); }
      }
    }
    return level[sink] >= 0;
  };
  // Iterative DFS (a recursive one would overflow the stack on 10,000 services).
  const augment = (): number => {
    const path: number[] = [];
    let u = source;
    for (;;) {
      if (u === sink) {
        let push = Infinity;
        for (const e of path) push = Math.min(push, capLeft[e]);
        for (const e of path) { capLeft[e] -= push; capLeft[e ^ 1] += push; }
        return push;
      }
      let advanced = false;
      for (; iter[u] !== -1; iter[u] = next[iter[u]]) {
        const e = iter[u];
        if (capLeft[e] > 0 && level[to[e]] === level[u] + 1) {
          path.push(e); u = to[e]; advanced = true; break;
        }
      }
      if (!advanced) {
        if (u === source) return 0;
        level[u] = -1; // dead end: never revisit this round
        const e = path.pop()!;
        u = to[e ^ 1];
        iter[u] = next[iter[u]];
      }
    }
  };
  let flow = 0;
  while (bfs()) {
    for (let i = 0; i < n; i++) iter[i] = head[i];
    for (let f = augment(); f > 0; f = augment()) flow += f;
  }
  return flow;
}
