import type { Needs, PartOfDay } from './needs';

/**
 * Whether a published record fits someone's needs. Pure; the record is the public read
 * model's document (server/assets/view.ts as shown to the public), so nothing here can see
 * a sensitive place's exact point.
 */
export type ScheduleEntry = { day: number; start: string; end?: string | null; note?: string | null };

export type FinderRecord = {
  id: string;
  name: string;
  category: string;
  tags: string[];
  whoFor: string[];
  schedule: ScheduleEntry[];
  scheduleNotes?: string | null;
  selfReferral?: boolean | null;
  professionalReferral?: boolean | null;
  wheelchairAccess?: boolean | null;
  cost?: string | null;
  costNotes?: string | null;
  phone?: string | null;
  email?: string | null;
  website?: string | null;
  sensitive: boolean;
  sites: { id: string; venueName: string | null; address: string | null; postcode: string | null; lat: number; lng: number; locationPrecision: string }[];
};

/** When a session starting at HH:MM is: morning 05:00–11:59, afternoon 12:00–16:59, evening 17:00–23:59 (else night: none of them). */
export function partOfDay(start: string): PartOfDay | null {
  const minutes = Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5));
  if (minutes >= 5 * 60 && minutes < 12 * 60) return 'morning';
  if (minutes >= 12 * 60 && minutes < 17 * 60) return 'afternoon';
  if (minutes >= 17 * 60) return 'evening';
  return null;
}

/**
 * A session on one of the days (any day when none is asked) that starts in one of the parts
 * of the day (any time when none is asked). A record with no sessions fits only when
 * neither is asked: "meets on a weekday evening" is not known of it.
 */
export function meetsWhen(schedule: readonly ScheduleEntry[], days: readonly number[], times: readonly PartOfDay[]): boolean {
  if (!days.length && !times.length) return true;
  return schedule.some((s) => {
    if (days.length && !days.includes(s.day)) return false;
    if (!times.length) return true;
    const part = partOfDay(s.start);
    return part !== null && times.includes(part);
  });
}

const hasTag = (r: Pick<FinderRecord, 'tags'>, ...tags: string[]) => r.tags.some((t) => tags.includes(t.toLowerCase()));

/** Online: tagged so (Meeting Guide imports tag conference-link meetings `online`). */
export const isOnline = (r: Pick<FinderRecord, 'tags'>) => hasTag(r, 'online', 'virtual', 'zoom');
/** Drop in: tagged so ("drop-in"). */
export const isDropIn = (r: Pick<FinderRecord, 'tags' | 'name'>) => hasTag(r, 'drop-in', 'drop in', 'dropin') || /\bdrop[- ]?in\b/i.test(r.name);

/**
 * Every need must be met. An unknown answer (null: nobody recorded whether it is free or
 * step-free) does not meet a need for it: the list promises only what the record says.
 */
export function fitsNeeds(r: FinderRecord, needs: Needs): boolean {
  if (needs.categories.length && !needs.categories.includes(r.category)) return false;
  if (needs.whoFor.length && !needs.whoFor.some((w) => r.whoFor.includes(w))) return false;
  if (needs.free && r.cost !== 'free') return false;
  if (needs.stepFree && r.wheelchairAccess !== true) return false;
  if (needs.selfReferral && r.selfReferral !== true && !isDropIn(r)) return false;
  if (needs.online && !isOnline(r)) return false;
  return meetsWhen(r.schedule, needs.days, needs.times);
}

/** How to get in, in words, from what the record says. */
export function waysIn(r: FinderRecord): string[] {
  const ways: string[] = [];
  if (isDropIn(r)) ways.push('Drop in');
  if (r.selfReferral === true) ways.push('Self-refer');
  if (r.professionalReferral === true) ways.push(r.selfReferral === true ? 'or be referred' : 'Referral needed');
  return ways;
}
