import type { Random } from './seeded-random';

/** Weekly sessions as the asset schema stores them: day 0 = Sunday … 6 = Saturday (Meeting Guide). */
export type Session = { day: number; start: string; end: string | null; note?: string | null };

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const WEEKDAYS = [1, 2, 3, 4, 5] as const;

/** "19:00" + 90 → "20:30" (never past midnight: the demo's sessions end by 23:59). */
export function addMinutes(start: string, minutes: number): string {
  const [h, m] = start.split(':').map(Number);
  const total = Math.min(h * 60 + m + minutes, 23 * 60 + 59);
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

export const session = (day: number, start: string, minutes: number, note?: string): Session => ({
  day,
  start,
  end: addMinutes(start, minutes),
  ...(note ? { note } : {}),
});

const byDay = (a: Session, b: Session) => a.day - b.day || a.start.localeCompare(b.start);

/** Mutual aid: one to three evening meetings a week; a few meet on a weekend morning instead. */
export function mutualAidMeetings(r: Random): Session[] {
  const count = r.weighted([[1, 50], [2, 35], [3, 15]] as const);
  const days = r.sample([0, 1, 2, 3, 4, 5, 6], count);
  return days
    .map((day) =>
      (day === 0 || day === 6) && r.chance(0.5)
        ? session(day, r.pick(['10:00', '10:30', '11:00']), 90)
        : session(day, r.pick(['18:30', '19:00', '19:30', '20:00']), r.pick([60, 90])),
    )
    .sort(byDay);
}

/** Daytime sessions on n distinct days chosen from `days`. */
export function daytime(r: Random, days: readonly number[], n: number, starts: readonly string[], minutes: readonly number[]): Session[] {
  return r
    .sample(days, n)
    .map((day) => session(day, r.pick(starts), r.pick(minutes)))
    .sort(byDay);
}

/** A service open Monday to Friday in office hours, sometimes with one late clinic. */
export function officeHours(r: Random, open = '09:00', close = '17:00'): Session[] {
  const [oh, om] = open.split(':').map(Number);
  const [ch, cm] = close.split(':').map(Number);
  const minutes = ch * 60 + cm - (oh * 60 + om);
  const late = r.chance(0.3) ? r.pick(WEEKDAYS) : null;
  return WEEKDAYS.map((day) => (day === late ? session(day, open, minutes + 120, 'Late clinic until 19:00') : session(day, open, minutes)));
}

/** One weekly evening session. */
export const weeklyEvening = (r: Random, days: readonly number[] = WEEKDAYS): Session[] => [
  session(r.pick(days), r.pick(['18:00', '18:30', '19:00']), r.pick([90, 120])),
];
