/**
 * What the linkage pages share: the API's types (type-only, from the server, so the pages
 * cannot drift from what it sends), words for its codes, and how rates are written.
 */
import type { AttemptMode, AttemptResult, CampaignListItem, OutcomeCode, PairStatus, Rate } from '../../../server/linkage/types';
import type { Role } from './types';
import { contrastRatio, OKABE_ITO } from './palette';

export type * from '../../../server/linkage/types';
export type * from '../../../server/linkage/types-v2';

/** The API's modes and results, in the order the forms offer them (types from the server). */
export const MODES_IN_ORDER: AttemptMode[] = ['phone', 'email', 'web_form', 'in_person'];
export const MODE_WORDS: Record<AttemptMode, string> = { phone: 'Phone', email: 'Email', web_form: 'Web form', in_person: 'In person' };

export const RESULT_WORDS: Record<AttemptResult, string> = {
  answered: 'Answered: I spoke to someone',
  replied: 'They replied (email or form)',
  voicemail: 'Voicemail',
  no_answer: 'No answer',
  wrong_number: 'Wrong or disconnected number',
  email_bounced: 'Email bounced',
  declined: 'They declined to take part',
};
/** The same order as the API's list; `answered` and `replied` reach the service. */
export const RESULTS_IN_ORDER: AttemptResult[] = ['answered', 'replied', 'voicemail', 'no_answer', 'wrong_number', 'email_bounced', 'declined'];
export const REACHING: readonly AttemptResult[] = ['answered', 'replied'];

export const STATUS_WORDS: Record<PairStatus, string> = { open: 'Still to reach', reached: 'Reached', unreachable: 'Could not be reached', declined: 'Declined to take part' };

/**
 * Outcome colours on the map and in legends (Okabe–Ito): the stronger the pathway, the
 * cooler and darker the line; unreachable is black and dashed, so no state depends on hue alone.
 */
export const OUTCOME_COLOURS: Record<OutcomeCode, string> = {
  0: OKABE_ITO.vermillion,
  1: OKABE_ITO.orange,
  2: OKABE_ITO.bluishGreen,
  3: OKABE_ITO.blue,
};
export const UNREACHABLE_COLOUR = '#000000';
/** Drawn under each coloured arc (and legend swatch) so it stands out from the pale map. */
export const PATHWAY_CASING = '#1a1a1a';
export const OPEN_COLOUR = '#767676';

/** Default plain words for the rubric, used when a campaign's own labels are missing. */
export const OUTCOME_WORDS: Record<OutcomeCode, string> = {
  0: 'No information about it',
  1: 'Knew of it, but no way to contact it',
  2: 'Gave contact details for it',
  3: 'Gave referral information (how to refer or self-refer, or offered to refer)',
};

/** 0.8083 → "80.8%"; null → "–" (no pairs to count). */
export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || Number.isNaN(value) ? '–' : `${(value * 100).toFixed(digits)}%`;
}

/** "80.8% (95% CI 72.8–86.9%)" or "no pairs yet". */
export function describeRate(rate: Rate): string {
  if (rate.n === 0 || rate.estimate === null) return 'no pairs yet';
  return `${percent(rate.estimate)} (95% CI ${percent(rate.lower)}–${percent(rate.upper)})`;
}

/** "treatment" → the category's label, via a look-up the page already has. */
export type LabelLookup = (code: string) => string;

/**
 * Rates as shades (heatmap cells, assets on the map): five single-hue sequential blues,
 * light = low, so they read in greyscale and for every colour vision; always with the number.
 */
export const RATE_SHADES = ['#f7fbff', '#c6dbef', '#6baed6', '#2171b5', '#08306b'] as const;

export function shadeFor(estimate: number | null): string {
  if (estimate === null) return '#ffffff';
  return RATE_SHADES[Math.min(RATE_SHADES.length - 1, Math.floor(estimate * RATE_SHADES.length))]!;
}

/** Black or white, whichever contrasts more with the fill. */
export function inkOn(fill: string): string {
  return contrastRatio(fill, '#000000') >= contrastRatio(fill, '#ffffff') ? '#000000' : '#ffffff';
}

/**
 * Whose results a viewer may read (the API's rule, so pickers offer nothing that would 404):
 * the campaign team any drawn campaign; commissioners closed ones; anyone published ones.
 * A volunteer's own in-progress campaign is not offered: callers stay blind to results.
 */
export function mayReadResults(c: Pick<CampaignListItem, 'status' | 'published'>, role: Role | null): boolean {
  if (c.status === 'draft') return false;
  if (role === 'researcher' || role === 'coordinator' || role === 'admin') return true;
  if (role === 'commissioner' && c.status === 'closed') return true;
  return c.published;
}
