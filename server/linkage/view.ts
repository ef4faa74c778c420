import type { CampaignRow } from './repo';
import type { AttemptRow, TeamPairRow } from './pair-repo';
import type { AttemptView, CampaignListItem, CampaignView, OutcomeCode, PairView } from './types';
import type { Role } from '../domain/vocabulary';
import type { Viewer } from '../auth/viewer';

/** API shapes from rows (pure). */
export const TEAM_ROLES: readonly Role[] = ['researcher', 'coordinator', 'admin'];
export const CALLER_ROLES: readonly Role[] = ['researcher', 'volunteer'];
export const isTeam = (viewer: Viewer) => viewer.user !== null && TEAM_ROLES.includes(viewer.user.role);

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function campaignView(r: CampaignRow): CampaignView {
  return {
    id: r.id, name: r.name, approach: r.approach, status: r.status, published: r.published, scripts: r.scripts, rubric: r.rubric,
    frame: r.frameFilters, design: r.design, seed: r.seed, createdAt: iso(r.createdAt)!, drawnAt: iso(r.drawnAt), closedAt: iso(r.closedAt),
    publishedAt: iso(r.publishedAt), counts: r.counts,
  };
}

/**
 * Who may see a campaign's outcome counts: the campaign team always (interim figures while
 * in progress), commissioners once it is closed, anyone once it is published — the results'
 * visibility. Callers who are not on the team (volunteers) are blinded while it runs: no
 * reached/unreachable/open counts, nor the pairs and assigned totals beside them, from
 * which progress could be worked out.
 */
export function mayReadCounts(viewer: Viewer, c: { status: CampaignRow['status']; published: boolean }): boolean {
  if (isTeam(viewer) || c.published) return true;
  return viewer.user?.role === 'commissioner' && c.status === 'closed';
}

export function campaignListItem(r: CampaignRow, viewer: Viewer): CampaignListItem {
  return {
    id: r.id, name: r.name, approach: r.approach, status: r.status, published: r.published, createdAt: iso(r.createdAt)!,
    drawnAt: iso(r.drawnAt), closedAt: iso(r.closedAt), counts: mayReadCounts(viewer, r) ? r.counts : null, myOpenPairs: r.myOpenPairs,
  };
}

export function attemptView(a: AttemptRow): AttemptView {
  return {
    id: a.id, attemptNumber: a.attemptNumber, attemptedAt: iso(a.attemptedAt)!, mode: a.mode, result: a.result,
    outcome: a.outcome as OutcomeCode | null, gaveContact: a.gaveContact, gaveReferral: a.gaveReferral, note: a.note, recordedBy: a.recordedByName,
  };
}

export type PairExtras = Pick<PairView, 'doubleCode' | 'secondCoding' | 'spacingKept'>;

export function pairView(p: TeamPairRow, attempts: AttemptRow[], extras: PairExtras): PairView {
  return {
    id: p.id, pairNumber: p.pairNumber, stratum: p.stratum,
    a: { assetId: p.aId, version: p.aVersion, name: p.aName, category: p.aCategory, organisationName: p.aOrganisation },
    b: { assetId: p.bId, version: p.bVersion, name: p.bName, category: p.bCategory, organisationName: p.bOrganisation },
    status: p.status, outcome: p.outcome as OutcomeCode | null,
    caller: p.callerId ? { id: p.callerId, displayName: p.callerName ?? '' } : null,
    attempts: attempts.map(attemptView),
    ...extras,
  };
}
