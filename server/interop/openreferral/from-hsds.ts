import { assetCreateSchema, postcodeSchema } from '../../assets/schemas';
import { COST, commissioningCodes, participationCodes } from '../../domain/vocabulary';
import { describeRemoved, withoutContactDetails } from '../shared/free-text';
import { phoneOf, sessionOf, websiteOf } from './hsds-values';
import { matchTerm, termById, type FieldCode } from './taxonomy';

/**
 * An HSDS 3 service record (as /services/{id} serves it, or nested from a data package)
 * → what POST /api/assets would receive, with a warning for each value kept out or
 * changed on the way. Taxonomy terms that are ours (by id, or code or label within their
 * taxonomy) become the category and who-for tags; record-detail attributes (Waymark's
 * own export) give back sensitivity, peer-led, access, referral, cost, commissioning,
 * participation and tags; other terms become tags. Weekly schedules become sessions. A
 * record whose location is masked, or marked sensitive, stays sensitive. Pure.
 */
type Json = Record<string, any>;
export type ValueWarning = { field: string; message: string };
const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const num = (v: unknown) => (v === '' || v === null || v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v));
const MASKED_NOTE_START = 'Shown at the centre of its';
const shape = assetCreateSchema.shape;

const yesNo = (v: string | undefined) => (v === 'true' ? true : v === 'false' ? false : v === undefined ? undefined : null);

export function assetInputFromHsds(s: Json, placeOfPostcode: (postcode: string) => { lat: number; lng: number } | undefined): { input: Record<string, unknown>; assuredDate: string | null; organisationName: string | null; warnings: ValueWarning[] } {
  const warnings: ValueWarning[] = [];
  const attributes: Json[] = s.attributes ?? [];
  const fieldValues = new Map<FieldCode, string[]>();
  const terms: Json[] = [];
  for (const a of attributes) {
    const term = a.taxonomy_term ?? { id: a.taxonomy_term_id };
    const own = termById(term.id ?? a.taxonomy_term_id);
    if (own?.key === 'field') fieldValues.set(own.code as FieldCode, [...(fieldValues.get(own.code as FieldCode) ?? []), String(a.value ?? '')]);
    else terms.push(term);
  }
  const field = (code: FieldCode) => fieldValues.get(code)?.[0];
  const matched = terms.map((t) => ({ t, m: matchTerm(t) }));
  // A term that is both a category and a who-for ("criminal justice") is a who-for: a
  // category needs a term that can only be one.
  const category = matched.find((x) => x.m?.key === 'category' && !x.m.ambiguous)?.m!.code ?? 'other';
  const whoFor = [...new Set(matched.filter((x) => x.m && (x.m.key === 'who_for' || x.m.ambiguous)).map((x) => x.m!.code))].sort();
  const allTags = [...new Set([...(fieldValues.get('tag') ?? []), ...matched.filter((x) => !x.m && x.t.name).map((x) => String(x.t.name))].map((t) => t.trim().toLowerCase().slice(0, 40)).filter(Boolean))].sort();
  if (allTags.length > 30) warnings.push({ field: 'tags', message: `has ${allTags.length} terms: the first 30 (by name) are kept` });

  const schedule = (s.schedules ?? [])
    .filter((sc: Json) => (sc.freq ?? 'WEEKLY') === 'WEEKLY' && sc.byday)
    .flatMap((sc: Json) => {
      const session = sessionOf(sc.opens_at, sc.closes_at, sc.notes ? String(sc.notes).slice(0, 200) : null);
      if (!session) {
        warnings.push({ field: 'schedule', message: `session "${sc.byday} ${sc.opens_at ?? ''}–${sc.closes_at ?? ''}" has no opening time Waymark can read: left out` });
        return [];
      }
      return String(sc.byday).split(',').map((d) => BYDAY.indexOf(d.trim().toUpperCase())).filter((d) => d >= 0).map((day) => ({ day, ...session }));
    })
    .sort((a: Json, b: Json) => a.day - b.day || a.start.localeCompare(b.start));
  const skipped = (s.schedules ?? []).filter((sc: Json) => (sc.freq ?? 'WEEKLY') !== 'WEEKLY').length;
  if (skipped) warnings.push({ field: 'schedule', message: `${skipped} schedule(s) not weekly: left out` });

  let sensitive = field('sensitive') === 'true';
  const sites = (s.service_at_locations ?? []).flatMap((sal: Json) => {
    const l = sal.location;
    if (!l) return [];
    const precision = (l.attributes ?? []).find((a: Json) => termById(a.taxonomy_term?.id ?? a.taxonomy_term_id)?.code === 'location_precision')?.value;
    if ((precision && precision !== 'exact') || String(l.description ?? '').startsWith(MASKED_NOTE_START)) sensitive = true;
    const address = (l.addresses ?? [])[0];
    const postcode = postcodeSchema.safeParse(address?.postal_code ?? '');
    const point = num(l.latitude) !== undefined && num(l.longitude) !== undefined
      ? { lat: num(l.latitude)!, lng: num(l.longitude)! }
      : postcode.success ? placeOfPostcode(postcode.data) : undefined;
    if (!point) {
      warnings.push({ field: 'sites', message: `location "${l.name || l.id}" has no point (no coordinates, no known UK postcode): not imported as a place` });
      return [];
    }
    const street = address ? (address.address_1 === address.city || !address.city || String(address.address_1).includes(address.city) ? address.address_1 : `${address.address_1}, ${address.city}`) : null;
    return [{ venueName: l.name ? String(l.name).slice(0, 200) : null, address: street ? String(street).slice(0, 300) : null, postcode: postcode.success ? postcode.data : null, ...point }];
  });
  if (sites.length > 20) warnings.push({ field: 'sites', message: `has ${sites.length} places: the first 20 are kept` });

  const checked = <K extends keyof typeof shape>(key: K, value: unknown, label: string): unknown => {
    if (value === undefined || value === null || value === '') return null;
    if (shape[key].safeParse(value).success) return value;
    warnings.push({ field: key, message: `"${String(value).slice(0, 60)}" is not ${label}: left out` });
    return null;
  };
  const text = (key: string, raw: unknown, max: number) => {
    if (raw === undefined || raw === null || raw === '') return null;
    const { text: kept, removed } = withoutContactDetails(String(raw));
    if (removed.length) warnings.push({ field: key, message: describeRemoved(removed) });
    if (kept && kept.length > max) warnings.push({ field: key, message: `is ${kept.length} characters: cut to ${max}` });
    return kept ? kept.slice(0, max) : null;
  };
  const phones: Json[] = s.phones ?? [];
  const phone = phones.map((p) => phoneOf(p.number, p.extension)).find(Boolean);
  if (phones.length > 1) warnings.push({ field: 'phone', message: `${phones.length} numbers given: the first is kept` });
  const vocab = (code: FieldCode, allowed: readonly string[]) => {
    const v = field(code);
    if (v === undefined) return undefined;
    if (v === 'unknown') return null;
    if (allowed.includes(v)) return v;
    warnings.push({ field: code, message: `"${v}" is not a Waymark ${code.replace('_', ' ')}: left out` });
    return null;
  };
  const cost = field('cost') !== undefined ? vocab('cost', COST.map((c) => c.code)) : COST.find((c) => c.label.toLowerCase() === String(s.fees ?? '').trim().toLowerCase())?.code;
  const details: Record<string, unknown> = {
    peerLed: field('peer_led') === undefined ? undefined : field('peer_led') === 'true',
    wheelchairAccess: yesNo(field('wheelchair_access')),
    selfReferral: yesNo(field('self_referral')),
    professionalReferral: yesNo(field('professional_referral')),
    cost,
    commissioning: vocab('commissioning', commissioningCodes),
    participationLevel: vocab('participation_level', participationCodes),
    scheduleNotes: field('schedule_notes') === undefined ? undefined : text('scheduleNotes', field('schedule_notes'), 1000),
    // Sensitivity is only ever raised by an import: a coordinator's marking is never undone by a source.
    sensitive: sensitive ? true : undefined,
  };
  const name = typeof s.name === 'string' && s.name.trim().length > 200 ? (warnings.push({ field: 'name', message: 'is over 200 characters: cut to 200' }), s.name.trim().slice(0, 200)) : s.name;
  return {
    input: {
      name,
      description: text('description', s.description, 5000),
      category,
      whoFor,
      tags: allTags.slice(0, 30),
      website: checked('website', websiteOf(s.url), 'a website'),
      email: checked('email', typeof s.email === 'string' ? s.email.trim() : s.email, 'an e-mail address'),
      phone: checked('phone', phone, 'a phone number'),
      schedule: schedule.slice(0, 50).map((e: Json) => ({ ...e, note: e.note ? text('schedule', e.note, 200) : null })),
      costNotes: text('costNotes', s.fees_description, 500),
      learnedFrom: 'import',
      sites: sites.slice(0, 20),
      ...Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined)),
    },
    assuredDate: typeof s.assured_date === 'string' && /^\d{4}-\d{2}-\d{2}/.test(s.assured_date) ? s.assured_date.slice(0, 10) : null,
    organisationName: s.organization?.name ?? null,
    warnings,
  };
}
