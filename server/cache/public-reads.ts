import type { Knex } from 'knex';
import { currentPartnership, type Partnership } from '../partnerships/repo';
import { VersionedCache } from './read-cache';
import { readDataVersion } from './repo';

/**
 * THE cache of public reads (listings, GeoJSON, vector tiles): one in-process cache keyed
 * by the one data version (read_cache_version, migration 2026112411), which every commit
 * that changes assets, sites, asset_site, organisations or the partnership moves, and
 * with them the public read model those tables' triggers maintain in the same
 * transaction. ETags come from the same version. Only answers that are the same for every
 * non-privileged viewer (built from the public read model) are kept here.
 */
export class PublicReads {
  private readonly answers: VersionedCache<unknown>;
  private readonly partnerships = new VersionedCache<Partnership>(1, 60_000);
  private versionInFlight: Promise<number> | null = null;

  constructor(private readonly knex: Knex, private readonly settings: { entries: number; ttlMs: number }) {
    this.answers = new VersionedCache(settings.entries, settings.ttlMs);
  }

  /**
   * The data version. Requests arriving while a read of it is on its way share that read,
   * so a busy public map costs one version query per round trip, not one per request; a
   * commit landing during that round trip is seen by the next read (a write is public at
   * most one version round trip, well under a millisecond on a local database, later).
   */
  version(): Promise<number> {
    if (!this.versionInFlight) {
      const read = readDataVersion(this.knex);
      this.versionInFlight = read;
      read.then(() => { this.versionInFlight = null; }, () => { this.versionInFlight = null; });
    }
    return this.versionInFlight;
  }

  /** The partnership a request reads, looked up once per data version (the partnership table moves it too). */
  partnership(version: number): Promise<Partnership> {
    return this.partnerships.get('current', version, () => currentPartnership(this.knex));
  }

  /** An answer computed at `version`, or `compute`'s (kept when caching is on). */
  answer<T>(key: string, version: number, compute: () => Promise<T>): Promise<T> {
    if (!this.settings.entries) return compute();
    return this.answers.get(key, version, compute) as Promise<T>;
  }
}

/** A weak ETag for a public answer at a data version: no body is hashed. */
export const publicEtag = (version: number): string => `W/"pv${version}"`;
