/**
 * Single HSDS values as directories really write them, read into Waymark's forms: times
 * ("16:00", "4:00pm", "7:30 am ", "12:00am"), weekly sessions that end after midnight,
 * websites without a scheme, phone numbers with extensions. Pure.
 */

/** "HH:MM" (24-hour) from "16:00", "16:00:00", "4:00pm", "4 pm", "830am", "12:00am"; undefined if not a time. */
export function timeOf(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  // "9:00am", "9:0am", "16:00:00"; or without a colon: "9am", "830am", "0930".
  const m = /^\s*(\d{1,2}):(\d{1,2})(?::\d{2})?\s*(?:([ap])\.?\s*m?\.?)?\s*$/i.exec(raw) ?? /^\s*(\d{1,2})(\d{2})?\s*(?:([ap])\.?\s*m?\.?)?\s*$/i.exec(raw);
  if (!m || (m[2] === undefined && !m[3])) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2] ?? '0');
  if (minute > 59) return undefined;
  if (m[3]) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (m[3].toLowerCase() === 'p' ? 12 : 0);
  } else if (hour > 23) return undefined;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Does the raw time say am or pm? ("5:00" does not: a closing time without it is read after the opening.) */
const hasMeridiem = (raw: unknown) => typeof raw === 'string' && /[ap]\.?\s*m?\.?\s*$/i.test(raw.trim());

export type Session = { start: string; end: string | null; note: string | null };

/**
 * One session from an opening and closing time. A closing time before the opening ends
 * the next day ("4:00pm–12:00am" is 16:00–00:00; the session schema reads an earlier end
 * that way). A closing time written without am/pm that would fall before the opening is
 * read in the afternoon first ("9:00am–5:00" closes at 17:00). A closing time equal to the
 * opening (round the clock) cannot be a session's end: it is kept as an open end, in words.
 */
export function sessionOf(opens: unknown, closes: unknown, note: string | null): Session | undefined {
  const start = timeOf(opens);
  if (!start) return undefined;
  let end = timeOf(closes) ?? null;
  if (end && end <= start && !hasMeridiem(closes) && Number(end.slice(0, 2)) < 12) {
    const later = `${String(Number(end.slice(0, 2)) + 12).padStart(2, '0')}${end.slice(2)}`;
    if (later > start) end = later;
  }
  if (end && end === start) return { start, end: null, note: [note, 'until the same time the next day'].filter(Boolean).join('; ').slice(0, 200) };
  return { start, end, note };
}

/** A website as given, with "http://" put in front when it has no scheme ("www.example.org"). */
export function websiteOf(raw: unknown): string | undefined {
  if (typeof raw !== 'string' || !raw.trim()) return undefined;
  const url = raw.trim();
  if (/^https?:\/\//i.test(url)) return url;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[^:]+:\d/.test(url)) return url; // another scheme: left for the check to refuse
  return `http://${url.replace(/^\/\//, '')}`;
}

/** A phone number with its extension kept: "305-573-4200 x57471", or the number and an `extension` column. */
export function phoneOf(number: unknown, extension?: unknown): string | undefined {
  if (typeof number !== 'string' || !number.trim()) return undefined;
  const m = /^(.*?)\s*(?:x|ext\.?|extension)\s*(\d{1,6})\s*$/i.exec(number.trim());
  const main = (m ? m[1] : number).trim();
  const ext = m ? m[2] : typeof extension === 'string' || typeof extension === 'number' ? String(extension).replace(/\D/g, '') : '';
  return ext ? `${main} x${ext}` : main;
}
