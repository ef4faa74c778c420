import type { AssetView } from '../../assets/view';
import { ONLINE_TAG, TYPE_OF_WHO_FOR, WHEELCHAIR, typeCodeOfLabel } from './types';

/**
 * A published mutual-aid asset as Meeting Guide meetings: one per weekly session (or one
 * "by appointment" meeting when it has no schedule). The view is already masked for the
 * viewer: a sensitive place has no venue or address, an outward postcode and the grid
 * centre, and is marked `approximate`. No contact names are ever written. Pure.
 */
const pad = (n: number) => String(n).padStart(2, '0');
const mgDate = (d: Date | string) => {
  const x = new Date(d);
  return `${x.getUTCFullYear()}-${pad(x.getUTCMonth() + 1)}-${pad(x.getUTCDate())} ${pad(x.getUTCHours())}:${pad(x.getUTCMinutes())}:${pad(x.getUTCSeconds())}`;
};

export function meetingsOf(a: AssetView): Record<string, unknown>[] {
  const site = a.sites[0];
  const online = a.tags.includes(ONLINE_TAG);
  const types = [
    ...a.whoFor.flatMap((w) => TYPE_OF_WHO_FOR[w as keyof typeof TYPE_OF_WHO_FOR] ?? []),
    ...(a.wheelchairAccess ? [WHEELCHAIR] : []),
    ...a.tags.flatMap((t) => {
      const code = typeCodeOfLabel(t);
      return code ? [code] : [];
    }),
  ];
  const place = site
    ? {
        location: site.venueName ?? undefined,
        formatted_address: [site.address, site.postcode].filter(Boolean).join(', ') || undefined,
        postal_code: site.postcode ?? undefined,
        latitude: Math.round(site.lat * 1e5) / 1e5,
        longitude: Math.round(site.lng * 1e5) / 1e5,
        approximate: site.locationPrecision === 'exact' ? 'no' : 'yes',
        country: 'GB',
      }
    : {};
  const base = {
    name: a.name,
    types: [...new Set(types)].sort(),
    notes: a.description ?? undefined,
    url: a.website ?? undefined,
    ...(online && a.website ? { conference_url: a.website } : {}),
    ...place,
    updated: mgDate(a.updatedAt),
    timezone: 'Europe/London',
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
