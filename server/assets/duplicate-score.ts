/**
 * How alike two records are, and whether one is a likely duplicate of the other. Pure (no
 * I/O): the database supplies candidates near the probe with their trigram similarity and
 * distance; this decides and explains. Figures are checked by hand in duplicate-score.test.ts.
 *
 * The model, in words:
 * - name score s = max(token-set score, trigram score), both blind to case, accents,
 *   punctuation and word order. Names that state different weekdays ("… Monday" vs
 *   "… Saturday"), or schedules with no day in common, are different meetings: s × 0.4.
 * - shared contacts and organisation raise it: + 0.15 for the same phone or email,
 *   + 0.10 for the same website, + 0.05 for the same organisation (capped at 1).
 * - the raised score sets how far apart the two may be and still be the same thing:
 *   reach = 150 m × 16^((s − 0.3) / 0.7), from 150 m at 0.3 to 2.4 km at 1.0. A strong
 *   match counts across a town centre; a weak one only very near.
 * - the ranking score is s × (0.5 + 0.5 × 2^(−d / 500 m)): nearer ranks higher.
 */

export type ScheduleDay = { day: number };
export type DuplicateProbe = {
  name: string;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  organisationId?: string | null;
  schedule?: ScheduleDay[] | null;
};
export type DuplicateCandidate = DuplicateProbe & {
  /** pg_trgm on folded names: (similarity + best word_similarity) / 2. */
  trigram: number;
  /** Metres between the nearest sites; null only when unknown. */
  distanceMetres: number | null;
};
export type MatchReason = { code: 'name' | 'different_day' | 'different_number' | 'distance' | 'phone' | 'email' | 'website' | 'organisation'; message: string };
export type DuplicateVerdict = { likely: boolean; nameScore: number; score: number; reachMetres: number; reasons: MatchReason[] };

export const MIN_NAME_SCORE = 0.3;
export const NEAR_METRES = 150;
export const MAX_REACH_METRES = 2400;
const DAY_CONFLICT_FACTOR = 0.4;
const HALF_PROXIMITY_METRES = 500;

const STOPWORDS = new Set(['the', 'and', 'of', 'at', 'in', 'for', 'a', 'an', 'on']);
const DAY_WORDS: Record<string, number> = {
  sunday: 0, sun: 0, monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3,
  thursday: 4, thu: 4, thur: 4, thurs: 4, friday: 5, fri: 5, saturday: 6, sat: 6,
};

/** Lower case, accents off, punctuation to spaces: "Café – Halifax" → "cafe halifax". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

export function nameTokens(name: string): string[] {
  return [...new Set(foldText(name).split(' ').filter((w) => w && !STOPWORDS.has(w)))];
}

/** Dice coefficient over the sets of words: 2|A∩B| / (|A| + |B|); word order is ignored. */
export function tokenSetScore(a: string, b: string): number {
  return tokenSetScoreOf(nameTokens(a), new Set(nameTokens(b)));
}

/** tokenSetScore over names already split by nameTokens (for callers scoring one name against many). */
export function tokenSetScoreOf(ta: string[], tb: Set<string>): number {
  if (!ta.length || !tb.size) return 0;
  let common = 0;
  for (const t of ta) if (tb.has(t)) common++;
  return (2 * common) / (ta.length + tb.size);
}

const daysNamed = (name: string) => new Set(nameTokens(name).flatMap((t) => (t in DAY_WORDS ? [DAY_WORDS[t]] : [])));
const disjoint = <T>(a: Set<T>, b: Set<T>) => a.size > 0 && b.size > 0 && ![...a].some((d) => b.has(d));

/** Both names carry numbers and share none: "Recovery Group 1" and "Recovery Group 2" are two groups. */
export function differentNumbers(a: DuplicateProbe, b: DuplicateProbe): boolean {
  const numbers = (p: DuplicateProbe) => new Set(nameTokens(p.name).filter((t) => /^\d+$/.test(t)).map(Number));
  return disjoint(numbers(a), numbers(b));
}

/** Both name a weekday (or both have a schedule) and they have none in common. */
export function differentDays(a: DuplicateProbe, b: DuplicateProbe): boolean {
  const scheduleDays = (p: DuplicateProbe) => new Set((p.schedule ?? []).map((s) => s.day));
  return disjoint(daysNamed(a.name), daysNamed(b.name)) || disjoint(scheduleDays(a), scheduleDays(b));
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

export const reachMetres = (score: number) => (score < MIN_NAME_SCORE ? 0 : NEAR_METRES * 16 ** ((Math.min(score, 1) - MIN_NAME_SCORE) / 0.7));
const round2 = (x: number) => Math.round(x * 100) / 100;

function nameReason(score: number, tokens: number): MatchReason {
  const pct = Math.round(score * 100);
  if (tokens === 1) return { code: 'name', message: 'Same words in the name (order, accents and punctuation aside)' };
  return { code: 'name', message: `Names ${pct}% alike` };
}

export function judgeDuplicate(probe: DuplicateProbe, c: DuplicateCandidate): DuplicateVerdict {
  const tokens = tokenSetScore(probe.name, c.name);
  let nameScore = Math.max(tokens, c.trigram);
  const reasons: MatchReason[] = [nameReason(nameScore, tokens)];
  if (differentDays(probe, c)) {
    nameScore *= DAY_CONFLICT_FACTOR;
    reasons.push({ code: 'different_day', message: 'Different days: probably another meeting' });
  } else if (differentNumbers(probe, c)) {
    nameScore *= DAY_CONFLICT_FACTOR;
    reasons.push({ code: 'different_number', message: 'Different numbers in the name: probably another group' });
  }
  let raised = nameScore;
  const same = (f: (v: string | null | undefined) => string | null, a: string | null | undefined, b: string | null | undefined) => f(a) !== null && f(a) === f(b);
  if (same(normalisePhone, probe.phone, c.phone)) { raised += 0.15; reasons.push({ code: 'phone', message: 'Same phone number' }); }
  if (same(normaliseEmail, probe.email, c.email)) { raised += 0.15; reasons.push({ code: 'email', message: 'Same email address' }); }
  if (same(normaliseWebsite, probe.website, c.website)) { raised += 0.1; reasons.push({ code: 'website', message: 'Same website' }); }
  if (probe.organisationId && probe.organisationId === c.organisationId) { raised += 0.05; reasons.push({ code: 'organisation', message: 'Same organisation' }); }
  raised = Math.min(1, raised);
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
