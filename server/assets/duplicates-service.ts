import type { Knex } from 'knex';
import { isPrivileged, type Viewer } from '../auth/viewer';
import { findDuplicates } from './duplicates-repo';
import type { LocationAccess } from './repo';

/**
 * What a viewer is told about likely duplicates. A record matched only through a
 * sensitive place's masking area is reported to non-privileged viewers without id or
 * distance: "a similar record exists in this area; a coordinator will check".
 */
export type DuplicateView = {
  id: string | null;
  name: string;
  status: string;
  category: string;
  similarity: number;
  distanceMetres: number | null;
  /** Set when the match is only "somewhere in this masked area". */
  note?: string;
};

export const MASKED_MATCH_NOTE = 'A similar record exists in this area; a coordinator will check.';

export const accessOf = (viewer: Viewer): LocationAccess => (isPrivileged(viewer) ? 'exact' : 'masked');

/**
 * Likely duplicates of `name` at `points`. The points must be what the viewer may know
 * (their own input, or sites' public points: see repo.sitePoints), and what is searched
 * is what they may read: volunteers see published records and their own pending ones.
 */
export async function duplicatesFor(
  knex: Knex,
  viewer: Viewer,
  args: { partnershipId: string; name: string; points: { lat: number; lng: number }[]; excludeId?: string },
): Promise<DuplicateView[]> {
  if (!args.points.length) return [];
  const privileged = isPrivileged(viewer);
  const rows = await findDuplicates(knex, {
    ...args,
    access: accessOf(viewer),
    // Nobody else (anonymous, commissioner, researcher) reaches here: the routes are for capturers.
    pendingOnlyIfCreatedBy: privileged ? undefined : (viewer.user?.id ?? '00000000-0000-0000-0000-000000000000'),
  });
  return rows.map((d) => {
    const similarity = Math.round(d.similarity * 100) / 100;
    if (d.maskedOnly && !privileged) {
      return { id: null, name: d.name, status: d.status, category: d.category, similarity, distanceMetres: null, note: MASKED_MATCH_NOTE };
    }
    return { id: d.id, name: d.name, status: d.status, category: d.category, similarity, distanceMetres: d.distanceMetres === null ? null : Math.round(d.distanceMetres) };
  });
}
