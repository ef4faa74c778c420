import type { AttemptSpacingRule } from './types';

/**
 * The spacing rule for failed attempts (pure; issue 21, item 11). A service that is shut
 * on Monday mornings is not "unreachable" after three tries on a Monday morning: each
 * attempt goes on a different day and, where the rule says so, at a different part of
 * the day than the one before. Days and parts of the day are in UK time.
 */
export const DEFAULT_SPACING: AttemptSpacingRule = { differentDays: true, differentTimesOfDay: true };

const UK = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' });

function ukParts(d: Date): { day: string; hour: number } {
  const parts = Object.fromEntries(UK.formatToParts(d).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

export type PartOfDay = 'morning' | 'afternoon' | 'evening';
/** Before 12:00 morning; 12:00–16:59 afternoon; from 17:00 evening (UK time). */
export function partOfDay(d: Date): PartOfDay {
  const { hour } = ukParts(d);
  return hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening';
}

/** Whether attempts (in order) keep the rule: each on a day none before it used, each at a part of the day other than the one before it. */
export function keepsSpacing(times: readonly Date[], rule: AttemptSpacingRule): boolean {
  const days = new Set<string>();
  for (let i = 0; i < times.length; i++) {
    const { day } = ukParts(times[i]);
    if (rule.differentDays && days.has(day)) return false;
    if (rule.differentTimesOfDay && i > 0 && partOfDay(times[i]) === partOfDay(times[i - 1])) return false;
    days.add(day);
  }
  return true;
}

export function spacingWords(rule: AttemptSpacingRule | null | undefined): string {
  if (!rule) return 'No spacing rule was recorded for this campaign’s attempts.';
  const parts = [rule.differentDays ? 'on a different day' : null, rule.differentTimesOfDay ? 'at a different time of day (morning, afternoon, evening) from the attempt before' : null].filter(Boolean);
  return parts.length ? `Each further attempt is made ${parts.join(' and ')}.` : 'Attempts may be made at any time.';
}

/** Advice for the caller's next attempt after the failed ones so far. */
export function nextAttemptAdvice(times: readonly Date[], rule: AttemptSpacingRule | null | undefined): string | null {
  if (!rule || !times.length) return null;
  const last = times[times.length - 1];
  const bits = [rule.differentDays ? `not on ${[...new Set(times.map((t) => ukParts(t).day))].join(', ')}` : null, rule.differentTimesOfDay ? `not in the ${partOfDay(last)}` : null].filter(Boolean);
  return bits.length ? `Next attempt: ${bits.join(', and ')} (UK time).` : null;
}
