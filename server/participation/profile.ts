import { PARTICIPATION_BANDS, PARTICIPATION_LEVELS, REVIEW_PERSPECTIVES } from '../domain/vocabulary';

/**
 * The partnership's participation profile from a review round's entries: pure, so every
 * count is unit-tested against hand counts (profile.test.ts).
 *
 * - Only the latest entry of each perspective for each service (or for the partnership as
 *   a whole) counts; earlier ones are kept, never overwritten, and simply superseded.
 * - Per perspective: how many services in scope sit on each of the 8 rungs and in each of
 *   the 3 bands, and the rung it gives the partnership as a whole.
 * - A disagreement: a service (or the partnership) that two or more perspectives place on
 *   different rungs; `steps` is the distance between the highest and lowest rung, and
 *   `bandsDiffer` says whether they are in different bands too.
 * - Change since the previous round: per perspective, rung and band counts now minus then,
 *   and each service a perspective placed in both rounds whose rung moved.
 */
export type Level = (typeof PARTICIPATION_LEVELS)[number]['code'];
export type Band = (typeof PARTICIPATION_BANDS)[number]['code'];
export type Perspective = (typeof REVIEW_PERSPECTIVES)[number]['code'];

export type ProfileEntry = { id: string; perspective: Perspective; assetId: string | null; level: Level; recordedAt: string | Date };
export type RoundInput = { perspectives: readonly Perspective[]; serviceIds: readonly string[]; entries: readonly ProfileEntry[] };

/** 1 (passive support) … 8 (independent leadership). */
export const rungOf = (level: Level): number => PARTICIPATION_LEVELS.length - PARTICIPATION_LEVELS.findIndex((l) => l.code === level);
export const bandOf = (level: Level): Band => PARTICIPATION_BANDS.find((b) => (b.levels as readonly string[]).includes(level))!.code;

const LEVEL_CODES = PARTICIPATION_LEVELS.map((l) => l.code);
const BAND_CODES = PARTICIPATION_BANDS.map((b) => b.code);
const zeroes = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export type PerspectiveProfile = {
  perspective: Perspective;
  /** Services in scope this perspective placed. */
  placed: number;
  rungs: Record<Level, number>;
  bands: Record<Band, number>;
  /** The rung it gives the partnership as a whole, if any. */
  partnership: Level | null;
};
export type Disagreement = { assetId: string | null; views: { perspective: Perspective; level: Level }[]; steps: number; bandsDiffer: boolean };
export type RungMove = { assetId: string | null; perspective: Perspective; from: Level; to: Level; steps: number };
export type ProfileChange = {
  perspectives: { perspective: Perspective; rungs: Record<Level, number>; bands: Record<Band, number> }[];
  moves: RungMove[];
};
export type Profile = { perspectives: PerspectiveProfile[]; disagreements: Disagreement[]; change: ProfileChange | null };

const keyOf = (perspective: string, assetId: string | null) => `${perspective}|${assetId ?? ''}`;

/** The latest entry per (perspective, service or partnership), only for what is in scope. */
export function latestViews(round: RoundInput): Map<string, ProfileEntry> {
  const inScope = new Set(round.serviceIds);
  const perspectives = new Set<string>(round.perspectives);
  const time = (e: ProfileEntry) => new Date(e.recordedAt).getTime();
  const sorted = [...round.entries].sort((a, b) => time(a) - time(b) || a.id.localeCompare(b.id));
  const latest = new Map<string, ProfileEntry>();
  for (const e of sorted) {
    if (!perspectives.has(e.perspective) || (e.assetId !== null && !inScope.has(e.assetId))) continue;
    latest.set(keyOf(e.perspective, e.assetId), e);
  }
  return latest;
}

function perspectiveProfiles(round: RoundInput, latest: Map<string, ProfileEntry>): PerspectiveProfile[] {
  return round.perspectives.map((perspective) => {
    const rungs = zeroes(LEVEL_CODES);
    const bands = zeroes(BAND_CODES);
    let placed = 0;
    for (const id of round.serviceIds) {
      const e = latest.get(keyOf(perspective, id));
      if (!e) continue;
      placed++;
      rungs[e.level]++;
      bands[bandOf(e.level)]++;
    }
    return { perspective, placed, rungs, bands, partnership: latest.get(keyOf(perspective, null))?.level ?? null };
  });
}

function disagreements(round: RoundInput, latest: Map<string, ProfileEntry>): Disagreement[] {
  const out: Disagreement[] = [];
  for (const assetId of [null, ...round.serviceIds]) {
    const views = round.perspectives.flatMap((perspective) => {
      const e = latest.get(keyOf(perspective, assetId));
      return e ? [{ perspective, level: e.level }] : [];
    });
    const rungs = views.map((v) => rungOf(v.level));
    if (views.length < 2 || Math.max(...rungs) === Math.min(...rungs)) continue;
    out.push({ assetId, views, steps: Math.max(...rungs) - Math.min(...rungs), bandsDiffer: new Set(views.map((v) => bandOf(v.level))).size > 1 });
  }
  // Widest first; the partnership as a whole before services at the same width.
  return out.sort((a, b) => b.steps - a.steps || Number(a.assetId !== null) - Number(b.assetId !== null));
}

function changeSince(nowLatest: Map<string, ProfileEntry>, nowProfiles: PerspectiveProfile[], before: RoundInput): ProfileChange {
  const beforeLatest = latestViews(before);
  const beforeProfiles = new Map(perspectiveProfiles(before, beforeLatest).map((p) => [p.perspective, p]));
  const perspectives = nowProfiles.flatMap((p) => {
    const then = beforeProfiles.get(p.perspective);
    if (!then) return [];
    const rungs = Object.fromEntries(LEVEL_CODES.map((l) => [l, p.rungs[l] - then.rungs[l]])) as Record<Level, number>;
    const bands = Object.fromEntries(BAND_CODES.map((b) => [b, p.bands[b] - then.bands[b]])) as Record<Band, number>;
    return [{ perspective: p.perspective, rungs, bands }];
  });
  const moves: RungMove[] = [];
  for (const [key, e] of nowLatest) {
    const was = beforeLatest.get(key);
    if (was && was.level !== e.level) moves.push({ assetId: e.assetId, perspective: e.perspective, from: was.level, to: e.level, steps: rungOf(e.level) - rungOf(was.level) });
  }
  moves.sort((a, b) => (a.assetId ?? '').localeCompare(b.assetId ?? '') || a.perspective.localeCompare(b.perspective));
  return { perspectives, moves };
}

export function participationProfileOf(round: RoundInput, previous: RoundInput | null): Profile {
  const latest = latestViews(round);
  const perspectives = perspectiveProfiles(round, latest);
  return {
    perspectives,
    disagreements: disagreements(round, latest),
    change: previous ? changeSince(latest, perspectives, previous) : null,
  };
}
