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
  /** LSOA codes holding the public points of its sites. */
  areaCodes: string[];
};
export type SiteFact = { siteId: string; venueName: string | null; sensitive: boolean; areaCode: string | null; assets: { id: string; name: string }[] };
export type OrganisationFact = { id: string; name: string; kind: string; archived: boolean };
/** An asset's move into the archive (from the audit trail). */
export type ArchiveEvent = { assetId: string; at: Date };

export const FRESH_DAYS = 365;
const DAY_MS = 86_400_000;

export const shareOf = (x: number, n: number): number | null => (n > 0 ? Math.round((x / n) * 10_000) / 10_000 : null);

export type CategoryRow = { category: string; count: number; peerLed: number; peerLedShare: number | null; independent: number; independentShare: number | null };

export function categoryCounts(assets: AssetFact[], categories: readonly string[]): { rows: CategoryRow[]; total: CategoryRow } {
  const published = assets.filter((a) => a.status === 'published');
  const row = (category: string, list: AssetFact[]): CategoryRow => {
    const peerLed = list.filter((a) => a.peerLed).length;
    const independent = list.filter((a) => a.commissioning === 'independent').length;
    return { category, count: list.length, peerLed, peerLedShare: shareOf(peerLed, list.length), independent, independentShare: shareOf(independent, list.length) };
  };
  return { rows: categories.map((c) => row(c, published.filter((a) => a.category === c))), total: row('all', published) };
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

/** Share verified in the last FRESH_DAYS, by category, and the most overdue (never verified first, then the oldest). */
export function freshness(assets: AssetFact[], categories: readonly string[], now: Date, overdueCount = 10) {
  const published = assets.filter((a) => a.status === 'published');
  const cutoff = now.getTime() - FRESH_DAYS * DAY_MS;
  const fresh = (a: AssetFact) => a.lastVerifiedAt !== null && a.lastVerifiedAt.getTime() >= cutoff;
  const row = (category: string, list: AssetFact[]): FreshnessRow => {
    const verified = list.filter(fresh).length;
    return { category, count: list.length, verified, share: shareOf(verified, list.length) };
  };
  const overdue: OverdueAsset[] = published
    .filter((a) => !fresh(a))
    .sort((a, b) => (a.lastVerifiedAt?.getTime() ?? -Infinity) - (b.lastVerifiedAt?.getTime() ?? -Infinity) || a.createdAt.getTime() - b.createdAt.getTime() || a.name.localeCompare(b.name))
    .slice(0, overdueCount)
    .map((a) => ({
      id: a.id, name: a.name, category: a.category,
      lastVerifiedAt: a.lastVerifiedAt?.toISOString() ?? null,
      daysSince: a.lastVerifiedAt ? Math.floor((now.getTime() - a.lastVerifiedAt.getTime()) / DAY_MS) : null,
    }));
  return { total: row('all', published), rows: categories.map((c) => row(c, published.filter((a) => a.category === c))), overdue };
}

/** Since a date: records added (not rejected), moved into the archive, and re-verified. */
export function changeSince(assets: AssetFact[], archived: ArchiveEvent[], since: Date) {
  const t = since.getTime();
  const ids = new Set(assets.map((a) => a.id));
  return {
    since: since.toISOString(),
    added: assets.filter((a) => a.createdAt.getTime() >= t && a.status !== 'rejected').length,
    archived: new Set(archived.filter((e) => e.at.getTime() >= t && ids.has(e.assetId)).map((e) => e.assetId)).size,
    reverified: assets.filter((a) => a.status === 'published' && a.lastVerifiedAt !== null && a.lastVerifiedAt.getTime() >= t).length,
  };
}

/** LEROs (lived experience recovery organisations) not archived, and how many published records they run. */
export function leros(organisations: OrganisationFact[], assets: AssetFact[]) {
  const list = organisations.filter((o) => o.kind === 'lero' && !o.archived).sort((a, b) => a.name.localeCompare(b.name));
  const ids = new Set(list.map((o) => o.id));
  return { count: list.length, names: list.map((o) => o.name), assets: assets.filter((a) => a.status === 'published' && a.organisationId !== null && ids.has(a.organisationId)).length };
}
