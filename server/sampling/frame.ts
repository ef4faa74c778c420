/**
 * The sampling frame as the draw sees it, and each stratum's candidate pairs. Pure.
 *
 * An ordered pair (A, B) means: contact A and ask about B. A stratum is a category pair
 * (A's category → B's category), or, without strata, every ordered pair in the frame.
 * Excluded always: A = B. Optionally: A and B of the same organisation; A and B sharing a
 * site (co-located services know each other for reasons that say nothing of pathways).
 */
export type FrameAsset = { id: string; category: string; organisationId: string | null; siteIds: string[] };

export type StratumSpec = { from: string | null; to: string | null; count: number };

export type DrawDesign = {
  pairCount: number;
  strata: { from: string; to: string; count: number }[];
  excludeSameOrganisation: boolean;
  excludeSameSite: boolean;
  maxContactsPerService: number | null;
};

export type StratumPlan = StratumSpec & {
  /** Frame indices of the assets that can be A, and that can be B (ascending). */
  aIndex: number[];
  bIndex: number[];
  /** For each A (by position in aIndex), how many Bs are allowed with it. */
  validPerA: number[];
  /** N_h: allowed ordered pairs. */
  possible: number;
};

export const stratumKey = (s: { from: string | null; to: string | null }) => (s.from === null ? 'all' : `${s.from}>${s.to}`);

/** The design's strata; an unstratified design is one stratum over every category. */
export function strataOf(design: DrawDesign): StratumSpec[] {
  if (design.strata.length === 0) return [{ from: null, to: null, count: design.pairCount }];
  return design.strata.map((s) => ({ from: s.from, to: s.to, count: s.count }));
}

/** Frame sorted by id: the draw must not depend on the order rows came from the database. */
export function canonicalFrame(frame: FrameAsset[]): FrameAsset[] {
  return [...frame].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export type Exclusion = (a: number, b: number) => boolean;

export function exclusionRule(frame: FrameAsset[], design: Pick<DrawDesign, 'excludeSameOrganisation' | 'excludeSameSite'>): Exclusion {
  const sites = frame.map((f) => new Set(f.siteIds));
  return (a, b) => {
    if (a === b) return true;
    const fa = frame[a];
    const fb = frame[b];
    if (design.excludeSameOrganisation && fa.organisationId !== null && fa.organisationId === fb.organisationId) return true;
    if (design.excludeSameSite) for (const s of fb.siteIds) if (sites[a].has(s)) return true;
    return false;
  };
}

/** Each stratum's A and B lists and exact count of allowed pairs (by grouping, not by enumerating A × B). */
export function planStrata(frame: FrameAsset[], design: DrawDesign): StratumPlan[] {
  return strataOf(design).map((spec) => {
    const aIndex: number[] = [];
    const bIndex: number[] = [];
    frame.forEach((f, i) => {
      if (spec.from === null || f.category === spec.from) aIndex.push(i);
      if (spec.to === null || f.category === spec.to) bIndex.push(i);
    });
    // Bs grouped by organisation and by site, so each A's excluded Bs are found directly.
    const byOrg = new Map<string, number[]>();
    const bySite = new Map<string, number[]>();
    const bPosition = new Map<number, number>();
    bIndex.forEach((fi, pos) => {
      bPosition.set(fi, pos);
      const org = frame[fi].organisationId;
      if (design.excludeSameOrganisation && org !== null) (byOrg.get(org) ?? byOrg.set(org, []).get(org)!).push(pos);
      if (design.excludeSameSite) for (const s of frame[fi].siteIds) (bySite.get(s) ?? bySite.set(s, []).get(s)!).push(pos);
    });
    const validPerA = aIndex.map((fi) => {
      const excluded = new Set<number>();
      const self = bPosition.get(fi);
      if (self !== undefined) excluded.add(self);
      const org = frame[fi].organisationId;
      if (design.excludeSameOrganisation && org !== null) for (const p of byOrg.get(org) ?? []) excluded.add(p);
      if (design.excludeSameSite) for (const s of frame[fi].siteIds) for (const p of bySite.get(s) ?? []) excluded.add(p);
      return bIndex.length - excluded.size;
    });
    return { ...spec, aIndex, bIndex, validPerA, possible: validPerA.reduce((s, v) => s + v, 0) };
  });
}
