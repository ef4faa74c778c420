/**
 * A finder search and its link: the query string is the whole search, with the API's own
 * parameter names, so the short link reopens exactly it and carries nothing else about
 * the person. A location from the phone is rounded to 3 decimals (about 100 m) before it
 * is searched, shown or put in a link. Pure.
 */
export type Where = { postcode: string } | { town: string } | { lat: number; lng: number };

export type FinderSearch = {
  where: Where;
  needs: string;
  category: string[];
  whoFor: string[];
  days: number[];
  times: string[];
  free: boolean;
  stepFree: boolean;
  selfReferral: boolean;
  online: boolean;
  withinKm: number;
};

export const DEFAULT_WITHIN_KM = 5;
const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;

/** "hx1 1zz" → a postcode, "Sowerby Bridge" → a town; empty → null. */
export function whereFromText(text: string): Where | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return null;
  if (POSTCODE.test(t)) return { postcode: t.toUpperCase().replace(/\s+/g, '').replace(/^(.+)(.{3})$/, '$1 $2') };
  return { town: t };
}

/** About 100 m: enough to find what is near, not enough to find a door. */
export const roundPoint = (lat: number, lng: number) => ({ lat: Math.round(lat * 1000) / 1000, lng: Math.round(lng * 1000) / 1000 });

export function whereLabel(where: Where): string {
  if ('postcode' in where) return where.postcode;
  if ('town' in where) return where.town;
  return `a point on the map (${where.lat.toFixed(3)}, ${where.lng.toFixed(3)})`;
}

/** The search as a query string, defaults left out so the link stays short. */
export function toQueryString(s: FinderSearch): string {
  const p = new URLSearchParams();
  if ('postcode' in s.where) p.set('postcode', s.where.postcode);
  else if ('town' in s.where) p.set('town', s.where.town);
  else {
    const r = roundPoint(s.where.lat, s.where.lng);
    p.set('lat', String(r.lat));
    p.set('lng', String(r.lng));
  }
  if (s.needs.trim()) p.set('needs', s.needs.trim());
  if (s.category.length) p.set('category', s.category.join(','));
  if (s.whoFor.length) p.set('whoFor', s.whoFor.join(','));
  if (s.days.length) p.set('days', s.days.join(','));
  if (s.times.length) p.set('times', s.times.join(','));
  for (const flag of ['free', 'stepFree', 'selfReferral', 'online'] as const) if (s[flag]) p.set(flag, 'true');
  if (s.withinKm !== DEFAULT_WITHIN_KM) p.set('withinKm', String(s.withinKm));
  return p.toString();
}

/** A link's search back, or null when it names no place. */
export function fromQueryString(query: string): FinderSearch | null {
  const p = new URLSearchParams(query);
  const list = (k: string) => (p.get(k) ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  const lat = Number(p.get('lat'));
  const lng = Number(p.get('lng'));
  const where: Where | null = p.get('postcode') ? { postcode: p.get('postcode')! }
    : p.get('town') ? { town: p.get('town')! }
    : p.has('lat') && p.has('lng') && Number.isFinite(lat) && Number.isFinite(lng) ? roundPoint(lat, lng)
    : null;
  if (!where) return null;
  const within = Number(p.get('withinKm'));
  return {
    where,
    needs: p.get('needs') ?? '',
    category: list('category'),
    whoFor: list('whoFor'),
    days: list('days').map(Number).filter((d) => Number.isInteger(d) && d >= 0 && d <= 6),
    times: list('times'),
    free: p.get('free') === 'true',
    stepFree: p.get('stepFree') === 'true',
    selfReferral: p.get('selfReferral') === 'true',
    online: p.get('online') === 'true',
    withinKm: Number.isFinite(within) && within > 0 ? within : DEFAULT_WITHIN_KM,
  };
}
