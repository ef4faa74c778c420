import type { Knex } from 'knex';
import { isPrivileged, type Viewer } from '../auth/viewer';
import type { PublicReads } from '../cache/public-reads';
import { publicFeatures, publicItems, type PublicFilters, type PublicPage } from './public-repo';
import { listFiltersOf, type AssetListQuery } from './schemas';

/**
 * Whether a listing is answered from the public read model: for every viewer who may not
 * see exact places, asking for published records only. Coordinators and admins, and
 * volunteers asking for their own unpublished records too, read the full tables.
 */
export function readsPublicModel(viewer: Viewer, query: Pick<AssetListQuery, 'status'>): boolean {
  if (isPrivileged(viewer)) return false;
  return !query.status?.length || query.status.every((s) => s === 'published');
}

/** Feature ids must be unique across pages; an asset has at most 20 sites, so offset × 20 never collides. */
export const firstFeatureId = (offset: number): number => offset * 20 + 1;

/** A public listing page (JSON items or GeoJSON features, as text) and the data version it was read at. */
export async function publicListing(knex: Knex, reads: PublicReads, query: AssetListQuery): Promise<{ version: number; page: PublicPage }> {
  const version = await reads.version();
  const partnership = await reads.partnership(version);
  const filters: PublicFilters = {
    partnershipId: partnership.id,
    ...listFiltersOf(query),
  };
  const key = `assets|${JSON.stringify(query)}`;
  const page = await reads.answer(key, version, () =>
    query.format === 'geojson' ? publicFeatures(knex, filters, firstFeatureId(query.offset)) : publicItems(knex, filters));
  return { version, page };
}
