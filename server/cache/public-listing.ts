import type { Knex } from 'knex';
import type { Viewer } from '../auth/viewer';
import { VersionedCache } from './read-cache';
import { readDataVersion } from './repo';

/**
 * The public asset listing, cached per data version. Only for viewers whose answer depends
 * on their role alone (anonymous visitors, commissioners, researchers: published records,
 * masked places); coordinators, admins and volunteers (who also see their own pending
 * records) always query. Each role has its own entries, so role-specific views stay apart.
 */
export function publicListingCache<T>(knex: Knex, settings: { entries: number; ttlMs: number }) {
  const cache = new VersionedCache<T>(settings.entries, settings.ttlMs);
  const classOf = (viewer: Viewer): string | null => {
    if (!viewer.user) return 'anonymous';
    return viewer.user.role === 'commissioner' || viewer.user.role === 'researcher' ? viewer.user.role : null;
  };
  return async (viewer: Viewer, query: unknown, compute: () => Promise<T>): Promise<T> => {
    const viewerClass = classOf(viewer);
    if (!settings.entries || !viewerClass) return compute();
    const version = await readDataVersion(knex);
    return cache.get(`${viewerClass}|${JSON.stringify(query)}`, version, compute);
  };
}
