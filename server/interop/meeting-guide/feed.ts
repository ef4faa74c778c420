import { z } from 'zod';
import { postcodeSchema } from '../../assets/schemas';
import type { RowProblem } from '../shared/problems';
import { WHEELCHAIR, WHO_FOR_OF_TYPE, ONLINE_TAG, typeLabel } from './types';

/**
 * A Meeting Guide feed → Waymark assets. Pure. Meetings at one venue become one
 * mutual-aid asset with a weekly schedule; online-only meetings of one group become one
 * asset with no place. Only meeting facts are read: the feed's contact_* fields (first
 * names of members) are never read, so the importer cannot add a person's name.
 */
const time = z.string().trim().regex(/^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$/, 'must be HH:MM').transform((t) => t.slice(0, 5).padStart(5, '0'));
const day = z.coerce.number().int().min(0).max(6);
const optionalText = (max: number) => z.string().trim().max(max).optional().nullable().transform((s) => s || undefined);

export const meetingSchema = z.object({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(255),
  slug: z.union([z.string().trim().min(1).max(255), z.number().int()]).transform(String),
  day: z.union([day, z.array(day).min(1).max(7)]).optional(),
  time: time.optional(),
  end_time: time.optional().nullable(),
  types: z.array(z.string().trim().max(20)).max(40).optional().default([]),
  location: optionalText(200),
  location_notes: optionalText(500),
  formatted_address: optionalText(300),
  address: optionalText(200),
  city: optionalText(100),
  postal_code: optionalText(20),
  latitude: z.coerce.number().min(-90).max(90).optional().nullable(),
  longitude: z.coerce.number().min(-180).max(180).optional().nullable(),
  approximate: z.string().optional().nullable(),
  conference_url: z.string().trim().url().max(500).optional().nullable(),
  conference_phone: optionalText(40),
  notes: optionalText(1000),
  group: optionalText(200),
  url: z.string().trim().url().max(500).optional().nullable(),
  updated: z.string().optional().nullable(),
}).passthrough();
export type Meeting = z.infer<typeof meetingSchema>;


/** The feed's meetings that can be read, and a problem per field of each one that cannot (rows from 1). */
export function parseFeed(text: string): { meetings: (Meeting & { row: number })[]; problems: RowProblem[]; slugs: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { meetings: [], problems: [{ row: 0, field: '(file)', message: 'is not valid JSON' }], slugs: [] };
  }
  if (!Array.isArray(data)) return { meetings: [], problems: [{ row: 0, field: '(file)', message: 'must be a JSON array of meetings' }], slugs: [] };
  const meetings: (Meeting & { row: number })[] = [];
  const problems: RowProblem[] = [];
  const taken = new Set<string>();
  data.forEach((raw, i) => {
    const row = i + 1;
    const parsed = meetingSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ row, field: issue.path.join('.') || '(meeting)', message: issue.message });
      return;
    }
    const m = parsed.data;
    if (taken.has(m.slug)) return void problems.push({ row, field: 'slug', message: 'is used by an earlier meeting in the feed' });
    if (m.day !== undefined && !m.time) return void problems.push({ row, field: 'time', message: 'is needed with day' });
    if (!isOnline(m) && !hasPlace(m)) return void problems.push({ row, field: 'latitude', message: 'a meeting needs latitude/longitude, a postcode, or a conference_url/conference_phone' });
    taken.add(m.slug);
    meetings.push({ ...m, row });
  });
  // Every slug in the file, readable row or not: a meeting still listed has not left the feed.
  const slugs = data.flatMap((m) => (m && typeof m === 'object' && 'slug' in m && m.slug !== null ? [String(m.slug)] : []));
  return { meetings, problems, slugs };
}

const hasPoint = (m: Meeting) => typeof m.latitude === 'number' && typeof m.longitude === 'number' && !(m.latitude === 0 && m.longitude === 0);
const hasPlace = (m: Meeting) => hasPoint(m) || Boolean(m.postal_code);
export const isOnline = (m: Meeting) => Boolean(m.conference_url || m.conference_phone);
/** Online only: no place to go to. */
export const isOnlineOnly = (m: Meeting) => isOnline(m) && !hasPlace(m);

export type VenueGroup = { key: string; meetings: (Meeting & { row: number })[]; online: boolean };

const norm = (s?: string | null) => (s ?? '').trim().toLowerCase().replace(/\s+/g, ' ');

/** Meetings grouped by venue (name + address, or the point); online-only ones by group or name. */
export function groupByVenue(meetings: (Meeting & { row: number })[]): VenueGroup[] {
  const groups = new Map<string, VenueGroup>();
  for (const m of meetings) {
    const online = isOnlineOnly(m);
    const place = m.formatted_address ?? [m.address, m.city, m.postal_code].filter(Boolean).join(', ');
    const key = online
      ? `online:${norm(m.group ?? m.name)}`
      : `venue:${norm(m.location)}|${norm(place) || (hasPoint(m) ? `${m.latitude!.toFixed(5)},${m.longitude!.toFixed(5)}` : '')}`;
    if (!groups.has(key)) groups.set(key, { key, meetings: [], online });
    groups.get(key)!.meetings.push(m);
  }
  return [...groups.values()];
}

const days = (m: Meeting): number[] => (m.day === undefined ? [] : Array.isArray(m.day) ? m.day : [m.day]);
const labelsOf = (types: string[]) => types.filter((t) => !WHO_FOR_OF_TYPE[t] && t !== WHEELCHAIR).map((t) => typeLabel(t) ?? t);

/** What POST /api/assets would receive for a venue's meetings (before schema parsing). */
export function assetInputOf(group: VenueGroup, placeOf: (m: Meeting) => { lat: number; lng: number } | null): Record<string, unknown> {
  const ms = [...group.meetings].sort((a, b) => a.slug.localeCompare(b.slug));
  const first = ms[0];
  const names = [...new Set(ms.map((m) => m.name))];
  const venue = first.location;
  const name = names.length === 1 ? names[0] : venue ? `Meetings at ${venue}` : names[0];
  const schedule = ms
    .flatMap((m) =>
      days(m).map((d) => {
        const note = [names.length > 1 ? m.name : null, ...labelsOf(m.types)].filter(Boolean).join(': ').slice(0, 200);
        return { day: d, start: m.time!, end: m.end_time ?? null, note: note || null };
      }),
    )
    .sort((a, b) => a.day - b.day || a.start.localeCompare(b.start) || (a.note ?? '').localeCompare(b.note ?? ''));
  const types = [...new Set(ms.flatMap((m) => m.types))];
  const tags = [...new Set([...labelsOf(types).map((l) => l.toLowerCase().slice(0, 40)), ...(ms.some(isOnline) ? [ONLINE_TAG] : [])])].sort().slice(0, 30);
  const whoFor = [...new Set(types.flatMap((t) => (WHO_FOR_OF_TYPE[t] ? [WHO_FOR_OF_TYPE[t]] : [])))].sort();
  const notes = [...new Set(ms.flatMap((m) => [m.location_notes, m.notes]).filter(Boolean))].join('\n').slice(0, 5000);
  const place = group.online ? null : placeOf(first);
  const postcode = postcodeSchema.safeParse(first.postal_code ?? '');
  const address = first.formatted_address ?? [first.address, first.city].filter(Boolean).join(', ');
  return {
    name: name.slice(0, 200),
    description: notes || null,
    category: 'mutual_aid',
    tags,
    whoFor,
    schedule,
    wheelchairAccess: types.includes(WHEELCHAIR) ? true : null,
    website: first.url ?? first.conference_url ?? null,
    peerLed: true,
    cost: 'free',
    learnedFrom: 'public_listing',
    sites: place ? [{ venueName: venue ?? null, address: address || null, postcode: postcode.success ? postcode.data : null, lat: place.lat, lng: place.lng }] : [],
  };
}

export const pointOf = (m: Meeting): { lat: number; lng: number } | null => (hasPoint(m) ? { lat: m.latitude!, lng: m.longitude! } : null);
