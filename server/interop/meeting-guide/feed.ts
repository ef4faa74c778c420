import { z } from 'zod';
import { postcodeSchema } from '../../assets/schemas';
import type { RowProblem } from '../shared/problems';
import { describeRemoved, withoutContactDetails } from '../shared/free-text';
import { isConferenceUrl, storableUrl } from './conference';

/**
 * A Meeting Guide feed, meeting by meeting. Pure. Each row is either unreadable (a
 * problem naming its row and field: the only thing that can stop an all-or-nothing
 * import), or read and sorted into what it is:
 *
 * - `place`: a meeting at an address that is a place (in person, or hybrid);
 * - `online`: online only. The spec's `approximate: "yes"` says the address is not a
 *   place (often a city centre, or one placeholder shared by a hundred online meetings),
 *   so such a meeting is online when it has a conference link; so is one whose location
 *   is temporarily closed (`TC`) and that meets online meanwhile, and one with a link and
 *   no address at all;
 * - `inactive`: no place to go to and no link to join by (the spec's rule for an online
 *   meeting to count as active): reported, not imported.
 *
 * Only meeting facts are read: the feed's contact_*, email and phone fields (members'
 * names and numbers) are never read, and e-mail addresses or phone numbers written into
 * free text are kept out of the stored text (reported as warnings on their row).
 */
const time = z.string().trim().regex(/^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$/, 'must be HH:MM').transform((t) => t.slice(0, 5).padStart(5, '0'));
const day = z.coerce.number().int().min(0).max(6);
const optionalText = (max: number) => z.string().trim().max(max).optional().nullable().transform((s) => s || undefined);
const optionalNumber = (min: number, max: number) =>
  z.union([z.number(), z.string().trim()]).optional().nullable()
    .transform((v) => (v === '' || v === null || v === undefined ? undefined : Number(v)))
    .refine((v) => v === undefined || (Number.isFinite(v) && v >= min && v <= max), `must be a number from ${min} to ${max}`);
const looseText = z.unknown().optional().transform((v) => (typeof v === 'string' && v.trim() ? v.trim() : undefined));

export const meetingSchema = z.object({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(255),
  slug: z.union([z.string().trim().min(1).max(255), z.number().int()]).transform(String),
  day: z.union([day, z.array(day).min(1).max(7)]).optional().nullable(),
  time: time.optional().nullable(),
  end_time: z.union([time, z.literal('')]).optional().nullable().transform((t) => t || undefined),
  timezone: optionalText(64),
  types: z.array(z.string().trim().max(20)).max(40).optional().nullable().transform((t) => t ?? []),
  location: optionalText(200),
  location_notes: optionalText(2000),
  formatted_address: optionalText(300),
  address: optionalText(200),
  city: optionalText(100),
  postal_code: optionalText(20),
  latitude: optionalNumber(-90, 90),
  longitude: optionalNumber(-180, 180),
  approximate: looseText,
  conference_url: looseText,
  conference_phone: optionalText(60),
  notes: optionalText(5000),
  group: optionalText(200),
  group_notes: optionalText(5000),
  url: looseText,
});
type Parsed = z.infer<typeof meetingSchema>;

export type MeetingKind = 'place' | 'online' | 'inactive';
/** A readable meeting: its row (from 1), what it is, and its free text already cleaned. */
export type Meeting = Omit<Parsed, 'day' | 'time' | 'url' | 'conference_url'> & {
  row: number;
  kind: MeetingKind;
  days: number[];
  time?: string;
  url?: string;
  conference_url?: string;
  temporarilyClosed: boolean;
};
export type ParsedFeed = { meetings: Meeting[]; problems: RowProblem[]; warnings: RowProblem[]; slugs: string[] };

export const TEMPORARILY_CLOSED = 'TC';
const FREE_TEXT = ['notes', 'location_notes', 'group_notes'] as const;

const hasPoint = (m: Pick<Parsed, 'latitude' | 'longitude'>) =>
  typeof m.latitude === 'number' && typeof m.longitude === 'number' && !(m.latitude === 0 && m.longitude === 0);
const ukPostcode = (m: Pick<Parsed, 'postal_code'>) => postcodeSchema.safeParse(m.postal_code ?? '').data ?? null;
export const pointOf = (m: Pick<Parsed, 'latitude' | 'longitude'>): { lat: number; lng: number } | null =>
  hasPoint(m) ? { lat: m.latitude!, lng: m.longitude! } : null;
export const postcodeOf = ukPostcode;

/** The feed's meetings that can be read, a problem per field of each one that cannot, and warnings (rows from 1). */
export function parseFeed(text: string): ParsedFeed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { meetings: [], problems: [{ row: 0, field: '(file)', message: 'is not valid JSON' }], warnings: [], slugs: [] };
  }
  if (!Array.isArray(data)) return { meetings: [], problems: [{ row: 0, field: '(file)', message: 'must be a JSON array of meetings' }], warnings: [], slugs: [] };
  const meetings: Meeting[] = [];
  const problems: RowProblem[] = [];
  const warnings: RowProblem[] = [];
  const taken = new Set<string>();
  data.forEach((raw, i) => {
    const row = i + 1;
    const parsed = meetingSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ row, field: issue.path.join('.') || '(meeting)', message: issue.message });
      return;
    }
    const read = readMeeting(parsed.data, row);
    if ('problem' in read) return void problems.push(read.problem);
    if (taken.has(read.meeting.slug)) return void problems.push({ row, field: 'slug', message: 'is used by an earlier meeting in the feed' });
    taken.add(read.meeting.slug);
    warnings.push(...read.warnings);
    meetings.push(read.meeting);
  });
  // Every slug in the file, readable row or not: a meeting still listed has not left the feed.
  const slugs = data.flatMap((m) => (m && typeof m === 'object' && 'slug' in m && m.slug !== null ? [String(m.slug)] : []));
  return { meetings, problems, warnings, slugs };
}

function readMeeting(m: Parsed, row: number): { meeting: Meeting; warnings: RowProblem[] } | { problem: RowProblem } {
  const warnings: RowProblem[] = [];
  const days = m.day === undefined || m.day === null ? [] : Array.isArray(m.day) ? [...new Set(m.day)] : [m.day];
  if (days.length && !m.time) return { problem: { row, field: 'time', message: 'is needed with day' } };
  // An end before the start is the next day (23:00–00:00 ends at midnight); only an end equal to the start is a slip.
  if (m.time && m.end_time && m.end_time === m.time) return { problem: { row, field: 'end_time', message: 'must differ from time' } };
  const timezone = m.timezone && isTimeZone(m.timezone) ? m.timezone : undefined;
  if (m.timezone && !timezone) warnings.push({ row, field: 'timezone', message: 'is not a time zone name (IANA): the feed\'s is used' });
  const conferenceUrl = storableUrl(m.conference_url);
  if (m.conference_url && !conferenceUrl) warnings.push({ row, field: 'conference_url', message: 'is not an http(s) link: left out' });
  const url = storableUrl(m.url);
  if (m.url && !url) warnings.push({ row, field: 'url', message: 'is not an http(s) link: left out' });
  const cleaned: Partial<Record<(typeof FREE_TEXT)[number], string>> = {};
  for (const field of FREE_TEXT) {
    const { text, removed } = withoutContactDetails(m[field]);
    if (text) cleaned[field] = text;
    if (removed.length) warnings.push({ row, field, message: describeRemoved(removed) });
  }
  const temporarilyClosed = m.types.includes(TEMPORARILY_CLOSED);
  const joinable = Boolean(conferenceUrl || m.conference_phone);
  const located = hasPoint(m) || Boolean(ukPostcode(m));
  const addressIsPlace = String(m.approximate ?? '').toLowerCase() !== 'yes' && !temporarilyClosed;
  let kind: MeetingKind;
  if (addressIsPlace && located) kind = 'place';
  else if (joinable) kind = 'online';
  else if (addressIsPlace && (m.formatted_address || m.address || m.postal_code))
    return { problem: { row, field: m.postal_code ? 'postal_code' : 'latitude', message: 'a meeting at an address needs latitude/longitude or a UK postcode' } };
  else kind = 'inactive';
  if (kind === 'inactive') {
    const why = temporarilyClosed ? 'its location is temporarily closed (TC) and it has no conference link' : 'it has no place (approximate or no address) and no conference link';
    warnings.push({ row, field: temporarilyClosed ? 'types' : 'conference_url', message: `not imported: ${why}, so it is not active` });
  }
  const { day: _d, time: _t, url: _u, conference_url: _c, ...rest } = m;
  return {
    meeting: { ...rest, ...cleaned, timezone, row, kind, days, time: m.time ?? undefined, url: url ?? undefined, conference_url: conferenceUrl ?? undefined, temporarilyClosed },
    warnings,
  };
}

/** An IANA time zone name this runtime knows (Europe/London, America/New_York …). */
export function isTimeZone(tz: string): boolean {
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(tz)) return tz === 'UTC';
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** A link to join by that is a real conference link (not a web page about the meeting). */
export const joinLinkOf = (m: Meeting): string | undefined => (isConferenceUrl(m.conference_url) ? m.conference_url : undefined);
