/**
 * "What exists": the registry's figures from plain rows (pure, unit-tested in
 * exists.test.ts against hand counts). Only published records count as existing; places
 * are their public points' areas, so nothing here depends on where a sensitive place is.
 */
export type AssetFact = {
  id: string;
  name: string;
  category: string;
  status: string;
  peerLed: boolean;
  commissioning: string | null;
  organisationId: string | null;
  createdAt: Date;
  lastVerifiedAt: Date | null;
  /** LSOA codes holding the public points of its sites (read for a place's dashboard only). */
  areaCodes?: string[];
};
export type SiteFact = { siteId: string; venueName: string | null; sensitive: boolean; areaCode: string | null; assets: { id: string; name: string }[] };
export type OrganisationFact = { id: string; name: string; kind: string; archived: boolean };
/** An asset's move into the archive (from the audit trail). */
export type ArchiveEvent = { assetId: string; at: Date };

export const FRESH_DAYS = 365;
const DAY_MS = 86_400_000;

export const shareOf = (x: number, n: number): number | null => (n > 0 ? Math.round((x / n) * 10_000) / 10_000 : null);

export type CategoryRow = { category: string; count: number; peerLed: number; peerLedShare: number | null; independent: number; independentShare: number | null };

/**
 * Per category in one pass (a partnership may hold 200,000 records: a filter per category
 * per figure was seconds).
 */
export function categoryCounts(assets: AssetFact[], categories: readonly string[]): { rows: CategoryRow[]; total: CategoryRow } {
  type Tally = { count: number; peerLed: number; independent: number };
  const tally = new Map<string, Tally>(categories.map((c) => [c, { count: 0, peerLed: 0, independent: 0 }]));
  const all: Tally = { count: 0, peerLed: 0, independent: 0 };
  const add = (t: Tally, a: AssetFact) => {
    t.count++;
    if (a.peerLed) t.peerLed++;
    if (a.commissioning === 'independent') t.independent++;
  };
  for (const a of assets) {
    if (a.status !== 'published') continue;
    add(all, a);
    const t = tally.get(a.category);
    if (t) add(t, a);
  }
  const row = (category: string, { count, peerLed, independent }: Tally): CategoryRow =>
    ({ category, count, peerLed, peerLedShare: shareOf(peerLed, count), independent, independentShare: shareOf(independent, count) });
  return { rows: categories.map((c) => row(c, tally.get(c)!)), total: row('all', all) };
}

export type CoLocatedSite = { siteId: string; name: string; areaCode: string | null; services: string[]; serviceCount: number };

/**
 * Sites hosting two or more published services (CQS 3.1). A sensitive site is never
 * named and its services are not listed: "a confidential site" with its count only.
 */
export function coLocatedSites(sites: SiteFact[]): CoLocatedSite[] {
  return sites
    .filter((s) => s.assets.length >= 2)
    .map((s) => ({
      siteId: s.siteId,
      name: s.sensitive ? 'A confidential site' : (s.venueName ?? 'An unnamed site'),
      areaCode: s.areaCode,
      services: s.sensitive ? [] : s.assets.map((a) => a.name).sort((x, y) => x.localeCompare(y)),
      serviceCount: s.assets.length,
    }))
    .sort((a, b) => b.serviceCount - a.serviceCount || a.name.localeCompare(b.name) || a.siteId.localeCompare(b.siteId));
}

export type FreshnessRow = { category: string; count: number; verified: number; share: number | null };
export type OverdueAsset = { id: string; name: string; category: string; lastVerifiedAt: string | null; daysSince: number | null };

const byName = new Intl.Collator().compare;

/**
 * Share verified in the last FRESH_DAYS, by category, and the most overdue (never verified
 * first, then the oldest): one pass, the overdue kept as a short sorted list rather than
 * every overdue record sorted.
 */
export function freshness(assets: AssetFact[], categories: readonly string[], now: Date, overdueCount = 10) {
  const cutoff = now.getTime() - FRESH_DAYS * DAY_MS;
  const tally = new Map<string, { count: number; verified: number }>(categories.map((c) => [c, { count: 0, verified: 0 }]));
  const all = { count: 0, verified: 0 };
  const order = (a: AssetFact, b: AssetFact) =>
    (a.lastVerifiedAt?.getTime() ?? -Infinity) - (b.lastVerifiedAt?.getTime() ?? -Infinity) || a.createdAt.getTime() - b.createdAt.getTime() || byName(a.name, b.name);
  const worst: AssetFact[] = [];
  for (const a of assets) {
    if (a.status !== 'published') continue;
    const fresh = a.lastVerifiedAt !== null && a.lastVerifiedAt.getTime() >= cutoff;
    const t = tally.get(a.category);
    all.count++;
    if (t) t.count++;
    if (fresh) {
      all.verified++;
      if (t) t.verified++;
    } else if (overdueCount > 0 && (worst.length < overdueCount || order(a, worst[worst.length - 1]) < 0)) {
      // Stable as a sort: a tie goes after the ones already kept.
      let i = worst.length;
      while (i > 0 && order(a, worst[i - 1]) < 0) i--;
      worst.splice(i, 0, a);
      if (worst.length > overdueCount) worst.pop();
    }
  }
  const row = (category: string, { count, verified }: { count: number; verified: number }): FreshnessRow => ({ category, count, verified, share: shareOf(verified, count) });
  const overdue: OverdueAsset[] = worst.map((a) => ({
    id: a.id, name: a.name, category: a.category,
    lastVerifiedAt: a.lastVerifiedAt?.toISOString() ?? null,
    daysSince: a.lastVerifiedAt ? Math.floor((now.getTime() - a.lastVerifiedAt.getTime()) / DAY_MS) : null,
  }));
  return { total: row('all', all), rows: categories.map((c) => row(c, tally.get(c)!)), overdue };
}

/** Since a date: records added (not rejected), moved into the archive, and re-verified. */
export function changeSince(assets: AssetFact[], archived: ArchiveEvent[], since: Date) {
  const t = since.getTime();
  const archivedIds = new Set(archived.filter((e) => e.at.getTime() >= t).map((e) => e.assetId));
  let added = 0, archivedHere = 0, reverified = 0;
  for (const a of assets) {
    if (a.createdAt.getTime() >= t && a.status !== 'rejected') added++;
    if (archivedIds.has(a.id)) archivedHere++;
    if (a.status === 'published' && a.lastVerifiedAt !== null && a.lastVerifiedAt.getTime() >= t) reverified++;
  }
  return { since: since.toISOString(), added, archived: archivedHere, reverified };
}

/** LEROs (lived experience recovery organisations) not archived, and how many published records they run. */
export function leros(organisations: OrganisationFact[], assets: AssetFact[]) {
  const list = organisations.filter((o) => o.kind === 'lero' && !o.archived).sort((a, b) => a.name.localeCompare(b.name));
  const ids = new Set(list.map((o) => o.id));
  return { count: list.length, names: list.map((o) => o.name), assets: assets.filter((a) => a.status === 'published' && a.organisationId !== null && ids.has(a.organisationId)).length };
}
