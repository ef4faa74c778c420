import type { Knex } from 'knex';
import * as repo from './mirror-repo';
import type { RecordRow, SupplyRow } from './mirror-repo';

export type { RecordRow, SupplyRow } from './mirror-repo';

/**
 * The partnership's records and published supply points, kept in memory and brought up to
 * date by what changed rather than read again whole. With 200,000 records a whole read is
 * seconds (the supply's transform alone about 1.3 s); after a write, the audit trail names
 * the records whose row, links or sites changed since the last read, and only those are
 * read again. Every write not visible to a read began after the bound taken just before it
 * (mirror-repo.ts changeBound), so reading the trail from that bound misses none; a record
 * read twice is harmless. A whole read again after too many changes, or every ten minutes
 * (a net under writes the trail could not see, e.g. a TRUNCATE).
 *
 * Supply points are the sites' PUBLIC points (masked for sensitive places) for every viewer:
 * there is no exact point here to mix up.
 */
export type RegistryView = {
  /** The assets data version the view is at least as new as. */
  version: number;
  /** In id order, as a whole read returns them. */
  records: RecordRow[];
  /** Per published record in id order, its sites in id order (the order the measures sum them in). */
  supply: SupplyRow[];
  /** Sites two or more published records share, in id order. */
  sharedSiteIds: string[];
};

type State = {
  version: number;
  bound: Date;
  fullAt: number;
  ids: string[];
  records: Map<string, RecordRow>;
  supply: Map<string, SupplyRow[]>;
  view: RegistryView | null;
};

/** marginMs: how far before the oldest open transaction the trail is read from (tests: 0, to see that exactly the changed records are read). */
export type MirrorOptions = { maxChanges?: number; fullEveryMs?: number; marginMs?: number };

/** Sorted insert/remove by binary search (uuid order in PostgreSQL is the lowercase hex text's). */
function indexOf(ids: string[], id: string): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const letGo = () => new Promise((resolve) => setImmediate(resolve));

const byAsset = (rows: (SupplyRow & { assetId: string })[]) => {
  const m = new Map<string, SupplyRow[]>();
  for (const { assetId, ...row } of rows) (m.get(assetId) ?? m.set(assetId, []).get(assetId)!).push(row);
  return m;
};

export function createRegistryMirror(knex: Knex, options: MirrorOptions = {}) {
  const maxChanges = options.maxChanges ?? 5_000;
  const fullEveryMs = options.fullEveryMs ?? 10 * 60_000;
  const marginMs = options.marginMs ?? 60_000;
  const states = new Map<string, State>();
  const pending = new Map<string, Promise<State>>();
  const counts = { full: 0, changes: 0 };

  async function fullRead(partnershipId: string): Promise<State> {
    const bound = await repo.changeBound(knex, marginMs);
    const version = await repo.assetsVersion(knex);
    const [records, supply] = await Promise.all([repo.records(knex, partnershipId, null), repo.supply(knex, partnershipId, null)]);
    counts.full++;
    // 200,000 records: each step below is 0.1–0.2 s of this thread, so the event loop is let go between them.
    const byId = new Map(records.map((r) => [r.id, r]));
    await letGo();
    const perAsset = byAsset(supply);
    await letGo();
    return { version, bound, fullAt: Date.now(), ids: records.map((r) => r.id), records: byId, supply: perAsset, view: null };
  }

  async function changesRead(partnershipId: string, s: State): Promise<State> {
    const bound = await repo.changeBound(knex, marginMs);
    const version = await repo.assetsVersion(knex);
    const changed = await repo.changedRecords(knex, s.bound, maxChanges);
    if (changed.length > maxChanges) return fullRead(partnershipId);
    const [records, supply] = changed.length
      ? await Promise.all([repo.records(knex, partnershipId, changed), repo.supply(knex, partnershipId, changed)])
      : [[], []];
    const fresh = byAsset(supply);
    for (const id of changed) {
      s.supply.delete(id);
      if (s.records.delete(id)) s.ids.splice(indexOf(s.ids, id), 1);
    }
    for (const r of records) {
      s.records.set(r.id, r);
      s.ids.splice(indexOf(s.ids, r.id), 0, r.id);
    }
    for (const [id, rows] of fresh) s.supply.set(id, rows);
    counts.changes++;
    return { ...s, version, bound, view: null };
  }

  async function refreshed(partnershipId: string): Promise<State> {
    const s = states.get(partnershipId);
    const version = await repo.assetsVersion(knex);
    if (s && s.version === version) return s;
    const next = s && Date.now() - s.fullAt < fullEveryMs ? await changesRead(partnershipId, s) : await fullRead(partnershipId);
    states.set(partnershipId, next);
    return next;
  }

  return {
    /** The records and supply as of now (at least the assets data version read on entry). */
    async current(partnershipId: string): Promise<RegistryView> {
      // One refresh at a time per partnership: callers arriving meanwhile wait for it, then check again.
      let s: State;
      for (;;) {
        const inFlight = pending.get(partnershipId);
        if (!inFlight) break;
        await inFlight.catch(() => undefined);
      }
      const run = refreshed(partnershipId);
      pending.set(partnershipId, run);
      try {
        s = await run;
      } finally {
        if (pending.get(partnershipId) === run) pending.delete(partnershipId);
      }
      if (!s.view) {
        // Records and supply together, without letting go (a change read may update the
        // maps in place once this thread is free); the shared sites after, from these arrays.
        const supply: SupplyRow[] = [];
        const records = s.ids.map((id) => {
          const rows = s.supply.get(id);
          if (rows) for (const r of rows) supply.push(r);
          return s.records.get(id)!;
        });
        await letGo();
        const perSite = new Map<string, number>();
        for (const r of supply) perSite.set(r.siteId, (perSite.get(r.siteId) ?? 0) + 1);
        const sharedSiteIds = [...perSite].filter(([, n]) => n >= 2).map(([id]) => id).sort();
        // Another caller may have built it meanwhile: the first one built stays.
        s.view ??= { version: s.version, records, supply, sharedSiteIds };
      }
      return s.view;
    },
    /** How many whole reads and change reads were made (for tests). */
    counts: () => ({ ...counts }),
  };
}

export type RegistryMirror = ReturnType<typeof createRegistryMirror>;
