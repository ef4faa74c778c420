import type { DrawnPair } from '../sampling/draw';

/**
 * The reciprocal-pairs design (issue 21, item 13): under one-way random pairs almost no
 * pair is tested in both directions, so reciprocity cannot be estimated. Here each drawn
 * pair A→B is followed by its reverse B→A (pure). A reverse the draw already holds is not
 * added twice. Pair numbers run 1… in the new order: the forward draw's order is random,
 * so the first k pair numbers are still a random share (double coding relies on that).
 */
export function withReverses(forward: readonly DrawnPair[]): DrawnPair[] {
  const out: DrawnPair[] = [];
  const added = new Set<string>();
  for (const p of forward) {
    const key = `${p.aId}|${p.bId}`;
    if (added.has(key)) continue;
    out.push({ ...p, pairNumber: out.length + 1 });
    added.add(key);
    const back = `${p.bId}|${p.aId}`;
    if (added.has(back)) continue;
    out.push({ pairNumber: out.length + 1, aId: p.bId, bId: p.aId, stratum: p.stratum });
    added.add(back);
  }
  return out;
}
