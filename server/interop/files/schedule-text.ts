/**
 * A weekly schedule in one spreadsheet cell, as people write it and as the export writes
 * it: "Tue 19:00-20:30; Sat 10:00 (Beginners)". Days by name (Monday, Mon, Tuesdays),
 * times 24-hour ("19:00", "19.00") or 12-hour ("7pm", "7:30pm"), an optional end after a
 * dash and an optional note in brackets. A note holding ";" or brackets cannot be written
 * so, and the export then writes the schedule as JSON, which this reads back too. Pure.
 */
export type ScheduleEntry = { day: number; start: string; end: string | null; note: string | null };

const DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function dayOf(word: string): number | null {
  const w = word.toLowerCase().replace(/s$/, '');
  const i = DAYS.findIndex((d) => d === w || (w.length >= 3 && d.startsWith(w)));
  return i < 0 ? null : i;
}

function timeOf(text: string): string | null {
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/i.exec(text.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  const half = m[3]?.toLowerCase();
  if (!m[2] && !half) return null; // a bare "7" is not a time
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

const ENTRY = /^([A-Za-z]+)\s+([0-9:.]+\s*(?:am|pm)?)(?:\s*(?:-|–|to)\s*([0-9:.]+\s*(?:am|pm)?))?(?:\s*\((.*)\))?$/i;

/** The schedule in a cell, or null when the text is not one (it is then kept as notes). */
export function parseScheduleText(text: string): ScheduleEntry[] | null {
  const t = text.trim();
  if (!t) return [];
  if (t.startsWith('[')) {
    try {
      const data = JSON.parse(t);
      return Array.isArray(data) ? data.map((e) => ({ day: e.day, start: e.start, end: e.end ?? null, note: e.note ?? null })) : null;
    } catch {
      return null;
    }
  }
  const entries: ScheduleEntry[] = [];
  for (const part of t.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = ENTRY.exec(part);
    if (!m) return null;
    const day = dayOf(m[1]);
    const start = timeOf(m[2]);
    const end = m[3] === undefined ? null : timeOf(m[3]);
    if (day === null || start === null || (m[3] !== undefined && end === null)) return null;
    entries.push({ day, start, end, note: m[4]?.trim() || null });
  }
  return entries;
}

/** One cell for an export; JSON when a note could not be read back from the text form. */
export function scheduleText(entries: { day: number; start: string; end?: string | null; note?: string | null }[]): string {
  if (entries.some((e) => e.note && /[;()]/.test(e.note))) {
    return JSON.stringify(entries.map((e) => ({ day: e.day, start: e.start, end: e.end ?? null, note: e.note ?? null })));
  }
  return entries.map((e) => `${SHORT[e.day]} ${e.start}${e.end ? `-${e.end}` : ''}${e.note ? ` (${e.note})` : ''}`).join('; ');
}
