import type { Knex } from 'knex';
import { isPrivileged, type Viewer } from '../auth/viewer';
import { httpError } from '../http/errors';
import { currentPartnership, pointsBeyondBoundary } from './repo';

type SiteInput = { id: string } | { lat: number; lng: number };

/**
 * A new site must lie inside the partnership's boundary plus a margin (a meeting just over
 * the border is fine; a site at 0,0 or in another county is a slip). Coordinators and
 * admins may confirm one that is meant to be outside; volunteers ask a coordinator.
 */
export async function checkSitesWithinBoundary(
  knex: Knex,
  viewer: Viewer,
  sites: SiteInput[] | undefined,
  confirmed: boolean | undefined,
  marginMetres: number,
): Promise<void> {
  if (confirmed && !isPrivileged(viewer)) {
    throw httpError('forbidden', 'Only coordinators and admins may confirm a site outside the partnership.', [
      { field: 'confirmOutsideBoundary', message: 'not allowed for your role' },
    ]);
  }
  const fresh = (sites ?? []).flatMap((s, index) => ('lat' in s ? [{ index, lat: s.lat, lng: s.lng }] : []));
  if (!fresh.length || confirmed) return;
  const partnership = await currentPartnership(knex);
  const beyond = await pointsBeyondBoundary(knex, partnership.id, fresh, marginMetres);
  if (!beyond.length) return;
  const km = (marginMetres / 1000).toLocaleString('en-GB', { maximumFractionDigits: 1 });
  const advice = isPrivileged(viewer) ? 'send confirmOutsideBoundary: true if it is meant' : 'a coordinator must confirm it';
  throw httpError(
    'outside_boundary',
    `A site is more than ${km} km outside ${partnership.name}; check the point, or ${advice}.`,
    beyond.map((i) => ({ field: `sites.${fresh[i].index}`, message: `is more than ${km} km outside the partnership's boundary` })),
  );
}
