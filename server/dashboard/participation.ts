import type { Knex } from 'knex';
import { PARTICIPATION_BANDS, PARTICIPATION_LEVELS, REVIEW_PERSPECTIVES } from '../domain/vocabulary';
import type { ParticipationProfile } from '../participation/service';
import { participationProfile } from '../participation/service';
import type { Provenance } from './service';

/**
 * "Peer participation" on the dashboard and the report: the latest review round's
 * partnership profile (server/participation/profile.ts) in board words, with no new
 * measure: per perspective, how many services it placed in each of Arnstein's three bands,
 * the rung it gives the partnership as a whole, and the band counts' change since the round
 * before. A review covers the partnership, so it is never filtered by place.
 */
const labelOf = <T extends { code: string; label: string }>(list: readonly T[], code: string) => list.find((x) => x.code === code)?.label ?? code;
const rungOf = (level: string) => PARTICIPATION_LEVELS.length - PARTICIPATION_LEVELS.findIndex((l) => l.code === level);

export type ParticipationSummary = ReturnType<typeof participationSummaryOf>;

/** Pure: the profile as the dashboard shows it (participation.test.ts). */
export function participationSummaryOf(p: ParticipationProfile | null) {
  const provenanceNone: Provenance = { asOf: new Date().toISOString(), source: 'No peer-participation review round yet', link: '/participation.html' };
  if (!p) return { round: null, perspectives: [], disagreements: 0, provenance: provenanceNone };
  const changeOf = new Map((p.profile.change?.perspectives ?? []).map((c) => [c.perspective, c.bands]));
  return {
    round: {
      id: p.round.id, title: p.round.title, reviewDate: p.round.reviewDate, services: p.services.length,
      previous: p.previousRound ? { title: p.previousRound.title, reviewDate: p.previousRound.reviewDate } : null,
    },
    perspectives: p.profile.perspectives.map((x) => ({
      perspective: x.perspective,
      label: labelOf(REVIEW_PERSPECTIVES, x.perspective),
      placed: x.placed,
      bands: PARTICIPATION_BANDS.map((b) => ({ band: b.code, label: b.label, count: x.bands[b.code], change: changeOf.get(x.perspective)?.[b.code] ?? null })),
      partnership: x.partnership ? { level: x.partnership, label: labelOf(PARTICIPATION_LEVELS, x.partnership), rung: rungOf(x.partnership) } : null,
    })),
    /** Services (or the partnership as a whole) that two or more perspectives place on different rungs. */
    disagreements: p.profile.disagreements.length,
    provenance: {
      asOf: p.round.reviewDate,
      source: `Peer-participation review "${p.round.title}" (${p.services.length} services; the whole partnership, not filtered by place)`,
      link: '/participation.html',
    } satisfies Provenance,
  };
}

export async function participationSummary(knex: Knex) {
  return participationSummaryOf(await participationProfile(knex));
}
