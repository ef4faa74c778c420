import { WHEELCHAIR, WHO_FOR_OF_TYPE, ONLINE_TAG, typeLabel } from './types';
import { joinLinkOf, postcodeOf, type Meeting } from './feed';

/**
 * Read meetings → Waymark assets. Pure. Meetings at one venue become one mutual-aid asset
 * with a weekly schedule; online-only meetings of one group (or, without a group, of one
 * name) become one asset with no place. The address an online meeting gives is never a
 * venue: a hundred online meetings sharing a placeholder address are a hundred sessions
 * of different groups, not one place.
 */
export type VenueGroup = { key: string; meetings: Meeting[]; online: boolean };

/** An asset holds at most this many weekly sessions (assets/schemas.ts); a larger group is split. */
export const MAX_SESSIONS = 50;
/** Times not in Europe/London are said so in the schedule notes (and read back on export). */
export const HOME_TIMEZONE = 'Europe/London';
export const timezoneNote = (tz: string) => `Times are ${tz} time.`;
export const timezoneOfNote = (note: string | null | undefined): string | null => note?.match(/^Times are ([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)+) time\./)?.[1] ?? null;

/** The United Kingdom's extent (with Northern Ireland, Shetland and Scilly): a point outside it is not GB. */
export const inUk = (p: { lat: number; lng: number }) => p.lat >= 49.8 && p.lat <= 60.95 && p.lng >= -8.7 && p.lng <= 1.8;

const norm = (s?: string | null) => (s ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
const placeText = (m: Meeting) => m.formatted_address ?? [m.address, m.city, m.postal_code].filter(Boolean).join(', ');

export function groupByVenue(meetings: Meeting[]): VenueGroup[] {
  const groups = new Map<string, VenueGroup>();
  for (const m of meetings) {
    if (m.kind === 'inactive') continue;
    const online = m.kind === 'online';
    const key = online
      ? `online:${norm(m.group ?? m.name)}`
      : `venue:${norm(m.location)}|${norm(placeText(m)) || `${m.latitude?.toFixed(5)},${m.longitude?.toFixed(5)}`}`;
    if (!groups.has(key)) groups.set(key, { key, meetings: [], online });
    groups.get(key)!.meetings.push(m);
  }
  return [...groups.values()].flatMap(splitLarge);
}

/** A group whose sessions would not fit one asset becomes several, in slug order. */
function splitLarge(g: VenueGroup): VenueGroup[] {
  const sessions = (m: Meeting) => Math.max(1, m.days.length);
  if (g.meetings.reduce((n, m) => n + sessions(m), 0) <= MAX_SESSIONS) return [g];
  const parts: VenueGroup[] = [];
  let current: Meeting[] = [];
  let count = 0;
  for (const m of [...g.meetings].sort((a, b) => a.slug.localeCompare(b.slug))) {
    if (count + sessions(m) > MAX_SESSIONS) {
      parts.push({ ...g, key: `${g.key}#${parts.length + 1}`, meetings: current });
      current = [];
      count = 0;
    }
    current.push(m);
    count += sessions(m);
  }
  parts.push({ ...g, key: `${g.key}#${parts.length + 1}`, meetings: current });
  return parts;
}

const labelsOf = (types: string[]) => types.filter((t) => !WHO_FOR_OF_TYPE[t] && t !== WHEELCHAIR && typeLabel(t)).map((t) => typeLabel(t)!);

/** What POST /api/assets would receive for a group's meetings (before schema parsing). */
export function assetInputOf(group: VenueGroup, place: { lat: number; lng: number } | null, feedTimezone: string): Record<string, unknown> {
  const ms = [...group.meetings].sort((a, b) => a.slug.localeCompare(b.slug));
  const first = ms[0];
  const names = [...new Set(ms.map((m) => m.name))];
  const venue = group.online ? undefined : first.location;
  const name = names.length === 1 ? names[0] : venue ? `Meetings at ${venue}` : group.online && first.group ? first.group : names[0];
  const schedule = ms
    .flatMap((m) =>
      m.days.map((d) => {
        const note = [names.length > 1 ? m.name : null, ...labelsOf(m.types)].filter(Boolean).join(': ').slice(0, 200);
        return { day: d, start: m.time!, end: m.end_time ?? null, note: note || null };
      }),
    )
    .sort((a, b) => a.day - b.day || a.start.localeCompare(b.start) || (a.note ?? '').localeCompare(b.note ?? ''));
  const types = [...new Set(ms.flatMap((m) => m.types))];
  const tags = [...new Set([...labelsOf(types).map((l) => l.toLowerCase().slice(0, 40)), ...(ms.some((m) => m.conference_url || m.conference_phone) ? [ONLINE_TAG] : [])])].sort().slice(0, 30);
  const whoFor = [...new Set(types.flatMap((t) => (WHO_FOR_OF_TYPE[t] ? [WHO_FOR_OF_TYPE[t]] : [])))].sort();
  const notes = [...new Set(ms.flatMap((m) => [group.online ? null : m.location_notes, m.group_notes, m.notes]).filter(Boolean))].join('\n').slice(0, 5000);
  // A place's times are its own local times (a UK venue's are London's, whatever the feed
  // says); an online meeting's are the feed's (its publisher's), unless it names its own.
  const timezone = first.timezone ?? (place && inUk(place) ? HOME_TIMEZONE : feedTimezone);
  const postcode = postcodeOf(first);
  const address = first.formatted_address ?? [first.address, first.city].filter(Boolean).join(', ');
  // Online: the link to join by is what a reader needs; in person: the meeting's own page.
  const website = group.online ? (joinLinkOf(first) ?? first.conference_url ?? first.url) : (first.url ?? joinLinkOf(first));
  return {
    name: name.slice(0, 200),
    description: notes || null,
    category: 'mutual_aid',
    tags,
    whoFor,
    schedule,
    // Only said when not London's, so a coordinator's own schedule notes on a UK venue are left alone.
    ...(timezone === HOME_TIMEZONE ? {} : { scheduleNotes: timezoneNote(timezone) }),
    wheelchairAccess: types.includes(WHEELCHAIR) ? true : null,
    website: website ?? null,
    peerLed: true,
    cost: 'free',
    learnedFrom: 'public_listing',
    sites: place ? [{ venueName: venue ?? null, address: address.slice(0, 300) || null, postcode, lat: place.lat, lng: place.lng }] : [],
  };
}
