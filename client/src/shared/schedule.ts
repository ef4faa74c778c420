/**
 * Weekly sessions in words: [{day: 2, start: "19:00", end: "20:30"}] → "Tuesdays 19:00–20:30".
 * Days follow the API (0 = Sunday … 6 = Saturday) but read Monday first, as a UK week does.
 * Sessions with the same times and note share a line: "Mondays and Thursdays 10:00–12:00";
 * three or more days in a row read as a range: "Monday to Friday 09:00–17:00".
 */
import type { ScheduleEntry } from './types';

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
/** Monday-first position of each API day number. */
const WEEK_POSITION = [6, 0, 1, 2, 3, 4, 5];

export function describeSchedule(schedule: readonly ScheduleEntry[]): string[] {
  const groups = new Map<string, { days: Set<number>; start: string; end: string | null; note: string | null }>();
  for (const entry of schedule) {
    const end = entry.end ?? null;
    const note = entry.note?.trim() || null;
    const key = `${entry.start}|${end}|${note}`;
    const group = groups.get(key) ?? { days: new Set<number>(), start: entry.start, end, note };
    group.days.add(entry.day);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map((g) => ({ ...g, positions: [...g.days].map((d) => WEEK_POSITION[d]!).sort((a, b) => a - b) }))
    .sort((a, b) => a.positions[0]! - b.positions[0]! || a.start.localeCompare(b.start))
    .map((g) => {
      const times = g.end ? `${g.start}–${g.end}` : `from ${g.start}`;
      const line = `${describeDays(g.positions)} ${times}`;
      return g.note ? `${line} (${g.note})` : line;
    });
}

/** Monday-first positions (sorted) → "Tuesdays", "Mondays and Thursdays", "Monday to Friday", "Every day". */
function describeDays(positions: number[]): string {
  if (positions.length === 7) return 'Every day';
  const name = (position: number) => DAY_NAMES[(position + 1) % 7]!;
  const runs: number[][] = [];
  for (const p of positions) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === p - 1) run.push(p);
    else runs.push([p]);
  }
  const parts = runs.flatMap((run) =>
    run.length >= 3 ? [`${name(run[0]!)} to ${name(run[run.length - 1]!)}`] : run.map((p) => `${name(p)}s`),
  );
  const sentence = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
