import type { AssetView } from '../../assets/view';
import { isConferenceUrl } from './conference';
import { ONLINE_TAG, TYPE_OF_WHO_FOR, WHEELCHAIR, typeCodeOfLabel } from './types';
import { HOME_TIMEZONE, inUk, timezoneOfNote } from './venues';

/**
 * Published mutual-aid assets as Meeting Guide meetings: one per weekly session (or one
 * "by appointment" meeting when it has no schedule). The view is already masked for the
 * viewer: a sensitive place has no venue or address, an outward postcode and the grid
 * centre, and is marked `approximate`. No contact names are ever written. Pure.
 *
 * What the spec's readers rely on: slugs unique in the feed (a venue with two meetings
 * at one time gets `-2`); `conference_url` only for a link that joins a meeting (not a
 * web page), and only for an asset that meets online; the country and time zone of the
 * meeting itself (GB only for a place in the United Kingdom, the time zone the import
 * recorded for an online meeting).
 */
const pad = (n: number) => String(n).padStart(2, '0');
const mgDate = (d: Date | string) => {
  const x = new Date(d);
  return `${x.getUTCFullYear()}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())} ${pad(x.getUTCHours())}:${pad(x.getUTCMinutes())}:${pad(x.getUTCSeconds())}`;
};

export function meetingsOf(a: AssetView): Record<string, unknown>[] {
  const site = a.sites[0];
  const online = a.tags.includes(ONLINE_TAG) && isConferenceUrl(a.website);
  const types = [
    ...a.whoFor.flatMap((w) => TYPE_OF_WHO_FOR[w as keyof typeof TYPE_OF_WHO_FOR] ?? []),
    ...(a.wheelchairAccess ? [WHEELCHAIR] : []),
    ...a.tags.flatMap((t) => {
      const code = typeCodeOfLabel(t);
      return code ? [code] : [];
    }),
  ];
  const uk = site ? inUk(site) : false;
  const place = site
    ? {
        location: site.venueName ?? undefined,
        formatted_address: [site.address, site.postcode].filter(Boolean).join(', ') || undefined,
        postal_code: site.postcode ?? undefined,
        latitude: Math.round(site.lat * 1e5) / 1e5,
        longitude: Math.round(site.lng * 1e5) / 1e5,
        approximate: site.locationPrecision === 'exact' ? 'no' : 'yes',
        ...(uk ? { country: 'GB' } : {}),
      }
    : {};
  const timezone = timezoneOfNote(a.scheduleNotes) ?? (site && !uk ? undefined : HOME_TIMEZONE);
  const base = {
    name: a.name,
    types: [...new Set(types)].sort(),
    notes: a.description ?? undefined,
    url: a.website && !online ? a.website : undefined,
    ...(online ? { conference_url: a.website } : {}),
    ...place,
    updated: mgDate(a.updatedAt),
    ...(timezone ? { timezone } : {}),
  };
  if (!a.schedule.length) return [{ slug: a.id, ...base }];
  return a.schedule.map((e) => ({
    slug: `${a.id}-${e.day}-${e.start.replace(':', '')}`,
    ...base,
    ...(e.note ? { notes: [e.note, a.description].filter(Boolean).join('\n') } : {}),
    day: e.day,
    time: e.start,
    ...(e.end ? { end_time: e.end } : {}),
  }));
}

/** Every asset's meetings, each slug made unique in order of appearance. */
export function exportMeetings(views: AssetView[]): Record<string, unknown>[] {
  const taken = new Set<string>();
  return views.flatMap(meetingsOf).map((m) => {
    let slug = String(m.slug);
    for (let n = 2; taken.has(slug); n++) slug = `${m.slug}-${n}`;
    taken.add(slug);
    return { ...m, slug };
  });
}
