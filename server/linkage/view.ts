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

export function campaignListItem(r: CampaignRow): CampaignListItem {
  return {
    id: r.id, name: r.name, approach: r.approach, status: r.status, published: r.published, createdAt: iso(r.createdAt)!,
    drawnAt: iso(r.drawnAt), closedAt: iso(r.closedAt), counts: r.counts, myOpenPairs: r.myOpenPairs,
  };
}

export function attemptView(a: AttemptRow): AttemptView {
  return {
    id: a.id, attemptNumber: a.attemptNumber, attemptedAt: iso(a.attemptedAt)!, mode: a.mode, result: a.result,
    outcome: a.outcome as OutcomeCode | null, note: a.note, recordedBy: a.recordedByName,
  };
}

export function pairView(p: TeamPairRow, attempts: AttemptRow[]): PairView {
  return {
    id: p.id, pairNumber: p.pairNumber, stratum: p.stratum,
    a: { assetId: p.aId, version: p.aVersion, name: p.aName, category: p.aCategory, organisationName: p.aOrganisation },
    b: { assetId: p.bId, version: p.bVersion, name: p.bName, category: p.bCategory, organisationName: p.bOrganisation },
    status: p.status, outcome: p.outcome as OutcomeCode | null,
    caller: p.callerId ? { id: p.callerId, displayName: p.callerName ?? '' } : null,
    attempts: attempts.map(attemptView),
  };
}
