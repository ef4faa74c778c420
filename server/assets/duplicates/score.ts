import { EQUAL_WEIGHTS, nameTokens, weighName, weightedDice, weightedNameScore, type TermWeights, type WeightedName } from './names';

export { foldText, nameTokens, type TermWeights } from './names';

/**
 * How alike two records are, and whether one is a likely duplicate of the other. Pure (no
 * I/O): the database supplies candidates near the probe with their distance, and the
 * registry's word counts (names.ts); this decides and explains. Figures are
 * checked by hand in score.test.ts and measured over the labelled pairs in
 * test/fixtures/duplicates (npm run eval:duplicates).
 *
 * The model, in words:
 * - name score s = weighted Dice of the names' words (names.ts): rare words in
 *   this registry count for much, words in many names ("Recovery", "Halifax") for little.
 * - shared contacts and organisation raise it: + 0.15 for the same phone or email,
 *   + 0.10 for the same website, + 0.05 for the same organisation (capped at 1).
 * - evidence of another service then multiplies it: names or schedules on different
 *   weekdays, different numbers ("Group 1", "Group 2"), different fellowships ("AA",
 *   "NA"): × 0.4; different categories: × 0.75 (a second capturer may file the same thing
 *   elsewhere, so it weighs against, not forbids).
 * - the raised score must reach 0.6, and sets how far apart the two may be and still be
 *   the same thing: reach = 150 m × 16^((s − 0.6) / 0.4), from 150 m at 0.6 to 2.4 km at
 *   1.0. A strong match counts across a town centre; a weak one only very near.
 * - the ranking score is s × (0.5 + 0.5 × 2^(−d / 500 m)): nearer ranks higher.
 */

export type ScheduleDay = { day: number };
export type DuplicateProbe = {
  name: string;
  category?: string | null;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  organisationId?: string | null;
  schedule?: ScheduleDay[] | null;
};
export type DuplicateCandidate = DuplicateProbe & {
  /** pg_trgm on folded names: picks the 50 candidates judged (not part of the score). */
  trigram?: number;
  /** Metres between the nearest sites; null only when unknown. */
  distanceMetres: number | null;
};
export type MatchReason = {
  code: 'name' | 'different_day' | 'different_number' | 'different_fellowship' | 'different_category' | 'distance' | 'phone' | 'email' | 'website' | 'organisation';
  message: string;
};
export type DuplicateVerdict = { likely: boolean; nameScore: number; score: number; reachMetres: number; reasons: MatchReason[] };

/** Candidates below this pg_trgm score are not fetched unless they share a contact or organisation. */
export const CANDIDATE_TRIGRAM = 0.15;
export const MIN_NAME_SCORE = 0.55;
export const NEAR_METRES = 150;
export const MAX_REACH_METRES = 2400;
export const OTHER_SERVICE_FACTOR = 0.4;
export const CATEGORY_FACTOR = 0.8;
const HALF_PROXIMITY_METRES = 500;

const DAY_WORDS: Record<string, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 };
/** Fellowships' initials as nameTokens spells them (Al-Anon's "anon"). */
const FELLOWSHIPS = new Set(['aa', 'na', 'ca', 'eda', 'smart', 'anon', 'oa', 'ga', 'sa']);

/** Dice coefficient over the sets of words, all weighing the same. */
export function tokenSetScore(a: string, b: string): number {
  return weightedNameScore(nameTokens(a), nameTokens(b));
}

const disjoint = <T>(a: Set<T>, b: Set<T>) => a.size > 0 && b.size > 0 && ![...a].some((d) => b.has(d));
const tokensOf = (p: DuplicateProbe, tokens?: string[]) => tokens ?? nameTokens(p.name);

/** Both names carry numbers and share none: "Recovery Group 1" and "Recovery Group 2" are two groups. */
export function differentNumbers(a: DuplicateProbe, b: DuplicateProbe, ta?: string[], tb?: string[]): boolean {
  const numbers = (t: string[]) => new Set(t.filter((w) => /^\d+$/.test(w)).map(Number));
  return disjoint(numbers(tokensOf(a, ta)), numbers(tokensOf(b, tb)));
}

/** Both name a weekday (or both have a schedule) and they have none in common. */
export function differentDays(a: DuplicateProbe, b: DuplicateProbe, ta?: string[], tb?: string[]): boolean {
  const named = (t: string[]) => new Set(t.flatMap((w) => (w in DAY_WORDS ? [DAY_WORDS[w]] : [])));
  const scheduled = (p: DuplicateProbe) => new Set((p.schedule ?? []).map((s) => s.day));
  return disjoint(named(tokensOf(a, ta)), named(tokensOf(b, tb))) || disjoint(scheduled(a), scheduled(b));
}

/** Both name a fellowship and not the same one: "AA – Elland Sunday" is not "NA – Elland Sunday". */
export function differentFellowships(ta: string[], tb: string[]): boolean {
  return disjoint(new Set(ta.filter((t) => FELLOWSHIPS.has(t))), new Set(tb.filter((t) => FELLOWSHIPS.has(t))));
}

export function normalisePhone(phone: string | null | undefined): string | null {
  const digits = (phone ?? '').replace(/\D/g, '').replace(/^44/, '0');
  return digits.length >= 6 ? digits : null;
}
export const normaliseEmail = (email: string | null | undefined) => (email ? email.trim().toLowerCase() : null);
export function normaliseWebsite(url: string | null | undefined): string | null {
  if (!url) return null;
  return url.trim().toLowerCase().replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/+$/, '') || null;
}

export const reachMetres = (score: number) =>
  (score < MIN_NAME_SCORE ? 0 : NEAR_METRES * 16 ** ((Math.min(score, 1) - MIN_NAME_SCORE) / (1 - MIN_NAME_SCORE)));
const round2 = (x: number) => Math.round(x * 100) / 100;

export function judgeDuplicate(probe: DuplicateProbe, c: DuplicateCandidate, weights: TermWeights = EQUAL_WEIGHTS): DuplicateVerdict {
  return judgeWeighed(probe, weighName(nameTokens(probe.name), weights), c, weighName(nameTokens(c.name), weights));
}

/** judgeDuplicate with both names already weighed (callers judging one name against many). */
export function judgeWeighed(probe: DuplicateProbe, pn: WeightedName, c: DuplicateCandidate, cn: WeightedName): DuplicateVerdict {
  return judgeWithNameScore(probe, pn.tokens, c, cn.tokens, weightedDice(pn, cn));
}

/**
 * The rule given the names' weighted score `alike` (their tokens for the day, number and
 * fellowship checks). "Likely" only grows with `alike`, so an upper bound of it gives an
 * upper bound of the verdict (pairs.ts).
 */
export function judgeWithNameScore(probe: DuplicateProbe, pt: string[], c: DuplicateCandidate, ct: string[], alike: number): DuplicateVerdict {
  const reasons: MatchReason[] = [{
    code: 'name',
    message: alike >= 1 ? 'Same words in the name (order, accents and punctuation aside)' : `Names ${Math.round(alike * 100)}% alike (words rare in this registry count most)`,
  }];
  // Evidence of another service: it scales the whole score, contacts too (a group's
  // meetings on other days share its phone).
  let factor = 1;
  if (differentDays(probe, c, pt, ct)) {
    factor *= OTHER_SERVICE_FACTOR;
    reasons.push({ code: 'different_day', message: 'Different days: probably another meeting' });
  } else if (differentNumbers(probe, c, pt, ct)) {
    factor *= OTHER_SERVICE_FACTOR;
    reasons.push({ code: 'different_number', message: 'Different numbers in the name: probably another group' });
  } else if (differentFellowships(pt, ct)) {
    factor *= OTHER_SERVICE_FACTOR;
    reasons.push({ code: 'different_fellowship', message: 'Different fellowships: another meeting' });
  }
  if (probe.category && c.category && probe.category !== c.category) {
    factor *= CATEGORY_FACTOR;
    reasons.push({ code: 'different_category', message: 'Different categories' });
  }
  let raised = alike;
  const same = (f: (v: string | null | undefined) => string | null, a: string | null | undefined, b: string | null | undefined) => f(a) !== null && f(a) === f(b);
  if (same(normalisePhone, probe.phone, c.phone)) { raised += 0.15; reasons.push({ code: 'phone', message: 'Same phone number' }); }
  if (same(normaliseEmail, probe.email, c.email)) { raised += 0.15; reasons.push({ code: 'email', message: 'Same email address' }); }
  if (same(normaliseWebsite, probe.website, c.website)) { raised += 0.1; reasons.push({ code: 'website', message: 'Same website' }); }
  if (probe.organisationId && probe.organisationId === c.organisationId) { raised += 0.05; reasons.push({ code: 'organisation', message: 'Same organisation' }); }
  raised = Math.min(1, raised) * factor;
  const nameScore = alike * factor;
  const reach = reachMetres(raised);
  const d = c.distanceMetres;
  if (d !== null) reasons.push({ code: 'distance', message: d < 1000 ? `${Math.round(d)} m away` : `${(d / 1000).toFixed(1)} km away` });
  const proximity = d === null ? 1 : 0.5 + 0.5 * 2 ** (-d / HALF_PROXIMITY_METRES);
  return {
    likely: raised >= MIN_NAME_SCORE && (d === null || d <= reach),
    nameScore: round2(nameScore),
    score: round2(raised * proximity),
    reachMetres: Math.round(reach),
    reasons,
  };
}
