import { postcodeSchema } from '../../assets/schemas';
import { matchTerm } from './taxonomy';

/**
 * An HSDS 3 service record (as /services/{id} serves it, or nested from a data package)
 * → what POST /api/assets would receive. Taxonomy terms that are ours (by id, code or
 * label) become the category and who-for tags; other terms become tags. Weekly
 * schedules become sessions. Pure.
 */
type Json = Record<string, any>;
const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const hhmm = (t: unknown) => (typeof t === 'string' && /^\d{1,2}:\d{2}/.test(t) ? t.slice(0, 5).padStart(5, '0') : undefined);
const num = (v: unknown) => (v === '' || v === null || v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v));

export function assetInputFromHsds(s: Json, placeOfPostcode: (postcode: string) => { lat: number; lng: number } | undefined): { input: Record<string, unknown>; assuredDate: string | null; organisationName: string | null } {
  const terms = (s.attributes ?? []).map((a: Json) => a.taxonomy_term ?? { id: a.taxonomy_term_id }).filter(Boolean);
  const matched = terms.map((t: Json) => ({ t, m: matchTerm(t) }));
  const category = matched.find((x: Json) => x.m?.key === 'category')?.m.code ?? 'other';
  const whoFor = [...new Set(matched.filter((x: Json) => x.m?.key === 'who_for').map((x: Json) => x.m.code))].sort();
  const tags = [...new Set(matched.filter((x: Json) => !x.m && x.t.name).map((x: Json) => String(x.t.name).toLowerCase().slice(0, 40)))].sort().slice(0, 30);
  const schedule = (s.schedules ?? [])
    .filter((sc: Json) => (sc.freq ?? 'WEEKLY') === 'WEEKLY' && sc.byday && hhmm(sc.opens_at))
    .flatMap((sc: Json) => String(sc.byday).split(',').map((d) => BYDAY.indexOf(d.trim().toUpperCase())).filter((d) => d >= 0)
      .map((day) => ({ day, start: hhmm(sc.opens_at)!, end: hhmm(sc.closes_at) ?? null, note: sc.notes ? String(sc.notes).slice(0, 200) : null })))
    .sort((a: Json, b: Json) => a.day - b.day || a.start.localeCompare(b.start));
  const sites = (s.service_at_locations ?? []).flatMap((sal: Json) => {
    const l = sal.location;
    if (!l) return [];
    const address = (l.addresses ?? [])[0];
    const postcode = postcodeSchema.safeParse(address?.postal_code ?? '');
    const point = num(l.latitude) !== undefined && num(l.longitude) !== undefined
      ? { lat: num(l.latitude)!, lng: num(l.longitude)! }
      : postcode.success ? placeOfPostcode(postcode.data) : undefined;
    if (!point) return [];
    const street = address ? (address.address_1 === address.city || !address.city || String(address.address_1).includes(address.city) ? address.address_1 : `${address.address_1}, ${address.city}`) : null;
    return [{ venueName: l.name || null, address: street || null, postcode: postcode.success ? postcode.data : null, ...point }];
  }).slice(0, 20);
  const phone = (s.phones ?? []).map((p: Json) => p.number).find(Boolean);
  return {
    input: {
      name: s.name,
      description: s.description || null,
      category,
      whoFor,
      tags,
      website: s.url || null,
      email: s.email || null,
      phone: phone || null,
      schedule,
      costNotes: s.fees_description || null,
      learnedFrom: 'import',
      sites,
    },
    assuredDate: typeof s.assured_date === 'string' && /^\d{4}-\d{2}-\d{2}/.test(s.assured_date) ? s.assured_date.slice(0, 10) : null,
    organisationName: s.organization?.name ?? null,
  };
}
