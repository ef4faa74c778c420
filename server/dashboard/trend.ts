/**
 * Two dated snapshots side by side (pure; trend.test.ts): the figures a board follows
 * over time, each with its value then, now and the change. Shares are compared in
 * percentage points, people and counts as numbers.
 */
export type SnapshotFigures = {
  generatedAt: string;
  exists: {
    categories: { rows: { category: string; label: string; count: number }[]; total: { count: number; peerLedShare: number | null; independentShare: number | null } };
    coLocated: { count: number };
    leros: { count: number };
    freshness: { total: { share: number | null } };
  };
  connected: { headline: { estimate: number | null } | null; campaign: { name: string } | null };
  gaps: { categories: { category: string; label: string; populationInGaps: number; mostDeprivedInGaps: number }[] };
};

export type TrendRow = { key: string; figure: string; unit: 'count' | 'people' | 'percent'; before: number | null; after: number | null; change: number | null };

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((b - a) * 10) / 10);

export function trendRows(before: SnapshotFigures, after: SnapshotFigures): TrendRow[] {
  const rows: TrendRow[] = [];
  const add = (key: string, figure: string, unit: TrendRow['unit'], b: number | null, a: number | null) => rows.push({ key, figure, unit, before: b, after: a, change: diff(b, a) });
  const eb = before.exists, ea = after.exists;
  add('assets', 'Published records', 'count', eb.categories.total.count, ea.categories.total.count);
  for (const r of ea.categories.rows) {
    const b = eb.categories.rows.find((x) => x.category === r.category)?.count ?? 0;
    if (b || r.count) add(`assets.${r.category}`, `Published records: ${r.label}`, 'count', b, r.count);
  }
  add('peer_led', 'Share peer-led (%)', 'percent', pct(eb.categories.total.peerLedShare), pct(ea.categories.total.peerLedShare));
  add('independent', 'Share independent of commissioned services (%)', 'percent', pct(eb.categories.total.independentShare), pct(ea.categories.total.independentShare));
  add('co_located', 'Sites hosting two or more services', 'count', eb.coLocated.count, ea.coLocated.count);
  add('leros', 'LEROs', 'count', eb.leros.count, ea.leros.count);
  add('verified', 'Share verified in the last 12 months (%)', 'percent', pct(eb.freshness.total.share), pct(ea.freshness.total.share));
  add('linkage', 'Calls where the service could say how to reach another (%)', 'percent', pct(before.connected.headline?.estimate), pct(after.connected.headline?.estimate));
  for (const g of after.gaps.categories) {
    const b = before.gaps.categories.find((x) => x.category === g.category);
    add(`gaps.${g.category}`, `People in gaps: ${g.label}`, 'people', b?.populationInGaps ?? null, g.populationInGaps);
  }
  return rows;
}
