import { termId } from './taxonomy';
import type { TableName } from './tabular';

/**
 * HSDS 1.x tabular packages (what most 211 directories still publish) → the HSDS 3 tables
 * nest() reads: `physical_address` → address, `regular_schedule` (weekday names, 12-hour
 * times) → schedule, `services_taxonomy` + `taxonomy` → attributes and terms, phones with
 * their extensions, wheelchair access from `accessibility_for_disabilities`, each
 * service's original opening-hours text as its schedule notes. Tables and columns not read
 * are returned by name with the reason, for the import's report: nothing is dropped
 * unsaid. `contact` holds staff names and is never read. Pure.
 */
type Json = Record<string, any>;
export type NotRead = { table: string; columns?: string[]; reason: string };

/** Resource names that only HSDS 1.x packages have. */
const ONLY_1X = new Set(['physical_address', 'regular_schedule', 'service_taxonomy', 'services_taxonomy', 'accessibility_for_disabilities', 'holiday_schedule', 'postal_address']);
export const isHsds1 = (resourceNames: string[]) => resourceNames.some((n) => ONLY_1X.has(n));

/** The columns read from each 1.x table (aliases: some publishers pluralise table names). */
const READ: Record<string, string[]> = {
  organization: ['id', 'name', 'description', 'email', 'url'],
  service: ['id', 'organization_id', 'name', 'description', 'url', 'email', 'fees'],
  location: ['id', 'name', 'latitude', 'longitude'],
  service_at_location: ['id', 'service_id', 'location_id'],
  physical_address: ['id', 'location_id', 'address_1', 'address_2', 'city', 'postal_code'],
  phone: ['id', 'service_id', 'service_at_location_id', 'number', 'extension'],
  regular_schedule: ['id', 'service_id', 'service_at_location_id', 'weekday', 'opens_at', 'closes_at', 'original_text'],
  service_taxonomy: ['id', 'service_id', 'taxonomy_id'],
  taxonomy: ['id', 'name'],
  accessibility_for_disabilities: ['id', 'location_id', 'accessibility'],
};
const ALIASES: Record<string, string> = { services_taxonomy: 'service_taxonomy', organizations: 'organization', services: 'service', locations: 'location', phones: 'phone', physical_addresses: 'physical_address', regular_schedules: 'regular_schedule' };
export const NEVER: Record<string, string> = { contact: 'holds staff names and their details: never imported', contacts: 'holds staff names and their details: never imported' };

const WEEKDAYS: Record<string, string> = { sunday: 'SU', monday: 'MO', tuesday: 'TU', wednesday: 'WE', thursday: 'TH', friday: 'FR', saturday: 'SA' };
/** "Monday", "mon", "MO", or 1–7 (Monday–Sunday; 0 is Sunday too). */
export function bydayOf(weekday: unknown): string | undefined {
  const w = String(weekday ?? '').trim().toLowerCase();
  if (/^[0-7]$/.test(w)) return ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'][Number(w)];
  const day = Object.entries(WEEKDAYS).find(([name, code]) => w.length >= 2 && (name.startsWith(w) || code.toLowerCase() === w));
  return day?.[1];
}

const ACCESSIBLE = /wheelchair|handicap(ped)?\s+accessible|accessible\s+(entrance|building|to\s+wheelchairs)|\bada\b/i;

/**
 * `tables`: rows of each 1.x resource by its name, `headers`: the columns each CSV had.
 * Returns the HSDS 3 tables and what was not read.
 */
export function fromHsds1(tables: Record<string, Json[]>, headers: Record<string, string[]>): { tables: Partial<Record<TableName, Json[]>>; notRead: NotRead[] } {
  const t = (name: string) => tables[name] ?? [];
  const notRead: NotRead[] = [];
  for (const [name, cols] of Object.entries(headers)) {
    const known = ALIASES[name] ?? name;
    if (NEVER[name]) notRead.push({ table: name, reason: NEVER[name] });
    else if (!READ[known]) notRead.push({ table: name, reason: 'Waymark has no field for this table' });
    else {
      const unread = cols.filter((c) => !READ[known].includes(c));
      if (unread.length) notRead.push({ table: name, columns: unread, reason: 'Waymark has no field for these columns' });
    }
  }
  const get = (name: string) => t(name).length ? t(name) : t(Object.entries(ALIASES).find(([, v]) => v === name)?.[0] ?? '');
  const sals = get('service_at_location');
  const servicesAt = new Map<string, string[]>();
  const salService = new Map<string, string>();
  for (const s of sals) {
    salService.set(s.id, s.service_id);
    const at = servicesAt.get(s.location_id);
    if (at) at.push(s.service_id);
    else servicesAt.set(s.location_id, [s.service_id]);
  }
  const serviceOf = (row: Json) => row.service_id || salService.get(row.service_at_location_id);
  const attribute: Json[] = [];
  const field = (serviceId: string, code: 'wheelchair_access' | 'schedule_notes', value: string) =>
    attribute.push({ id: `${serviceId}:${code}`, link_id: serviceId, link_type: 'service', taxonomy_term_id: termId('field', code), value });

  const schedule: Json[] = [];
  const perService = new Map<string, number>();
  const notes = new Map<string, Set<string>>();
  for (const r of get('regular_schedule')) {
    const serviceId = serviceOf(r);
    if (!serviceId) continue;
    // 1.x packages often leave schedule ids empty: ids made here are unique per service.
    const n = (perService.get(serviceId) ?? 0) + 1;
    perService.set(serviceId, n);
    schedule.push({ id: r.id || `${serviceId}:schedule:${n}`, service_id: serviceId, freq: 'WEEKLY', byday: bydayOf(r.weekday) ?? String(r.weekday ?? ''), opens_at: r.opens_at, closes_at: r.closes_at });
    if (r.original_text) notes.set(serviceId, (notes.get(serviceId) ?? new Set()).add(String(r.original_text).replace(/\\n/g, '\n').trim()));
  }
  for (const [serviceId, texts] of notes) field(serviceId, 'schedule_notes', [...texts].join('\n'));
  const accessible = new Set<string>();
  for (const a of get('accessibility_for_disabilities')) {
    if (!ACCESSIBLE.test(String(a.accessibility ?? ''))) continue;
    for (const serviceId of servicesAt.get(a.location_id) ?? []) accessible.add(serviceId);
  }
  for (const serviceId of accessible) field(serviceId, 'wheelchair_access', 'true');
  for (const st of get('service_taxonomy')) if (st.service_id && st.taxonomy_id) attribute.push({ id: st.id || `${st.service_id}:${st.taxonomy_id}`, link_id: st.service_id, link_type: 'service', taxonomy_term_id: st.taxonomy_id });

  return {
    tables: {
      organization: get('organization'),
      // Some publishers write line breaks as the two characters \\n.
      service: get('service').map((s) => ({ id: s.id, organization_id: s.organization_id, name: s.name, description: s.description?.replace(/\\n/g, '\n'), url: s.url, email: s.email, fees_description: s.fees })),
      location: get('location'),
      service_at_location: sals,
      address: get('physical_address').map((a) => ({ id: a.id, location_id: a.location_id, address_1: [a.address_1, a.address_2].filter((x) => x && String(x).trim()).join(', '), city: a.city, postal_code: a.postal_code })),
      phone: get('phone').flatMap((p) => (serviceOf(p) ? [{ id: p.id, service_id: serviceOf(p), number: p.number, extension: p.extension }] : [])),
      schedule,
      taxonomy_term: get('taxonomy').map((x) => ({ id: x.id, name: x.name })),
      attribute,
    },
    notRead,
  };
}
