import type { AssetView, SiteView } from '../../assets/view';
import type { OrganisationRow } from '../../organisations/repo';
import { COST } from '../../domain/vocabulary';
import { serviceAtLocationId, uuidV5 } from '../ids';
import { TAXONOMY_TERMS, publicTerm, termId, type FieldCode, type TaxonomyKey } from './taxonomy';

/**
 * Waymark records as HSDS 3 objects. Pure: it receives views the assets service has
 * already masked (a sensitive site arrives at its grid-cell centre with no venue or
 * address), so nothing here can leak an exact place. HSDS properties are typed strings
 * or numbers, never null, so absent values are left out rather than sent as null.
 */
type Json = Record<string, unknown>;

const BYDAY = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MASKED_NOTE = 'Shown at the centre of its 1 km grid square: the exact place is not published.';

/** Drop null/undefined properties (HSDS types do not allow null). */
export function compact<T extends Json>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

const isoDate = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : undefined);
const isoDateTime = (d: Date | string | null) => (d ? new Date(d).toISOString() : undefined);

export function organizationBrief(o: { id: string; name: string; description?: string | null; website?: string | null }): Json {
  return compact({ id: o.id, name: o.name, description: o.description ?? '', website: o.website ?? undefined });
}

export function organizationRecord(o: OrganisationRow): Json {
  const identifiers = o.registrationNumber
    ? [{ id: uuidV5(`organization_identifier:${o.id}`), organization_id: o.id, identifier_type: 'Registration number', identifier: o.registrationNumber }]
    : [];
  return { ...organizationBrief(o), organization_identifiers: identifiers };
}

/** One-to-one fields of a service (the /services list item). */
export function serviceBrief(a: AssetView, organisation?: { description: string | null; website: string | null }): Json {
  const cost = COST.find((c) => c.code === a.cost)?.label;
  const whoFor = a.whoFor.map((code) => TAXONOMY_TERMS.find((t) => t.key === 'who_for' && t.code === code)?.name).filter(Boolean);
  return compact({
    id: a.id,
    organization_id: a.organisation?.id,
    name: a.name,
    description: a.description ?? undefined,
    url: a.website ?? undefined,
    email: a.email ?? undefined,
    status: 'active',
    fees: cost,
    fees_description: a.costNotes ?? undefined,
    eligibility_description: whoFor.length ? `For: ${whoFor.join(', ')}` : undefined,
    application_process: referralText(a),
    assured_date: isoDate(a.lastVerifiedAt),
    last_modified: isoDateTime(a.updatedAt),
    organization: a.organisation ? organizationBrief({ ...a.organisation, ...organisation }) : undefined,
  });
}

function referralText(a: AssetView): string | undefined {
  const ways = [a.selfReferral ? 'self-referral' : null, a.professionalReferral ? 'professional referral' : null].filter(Boolean);
  return ways.length ? `Accepts ${ways.join(' and ')}.` : undefined;
}

/** Ids are unique per owner (the service, or one service at a location), even for two identical sessions. */
export function schedules(a: AssetView, link: { service_id?: string; service_at_location_id?: string }): Json[] {
  const owner = link.service_at_location_id ? `${a.id}:at:${link.service_at_location_id}` : a.id;
  const seen = new Map<string, number>();
  return a.schedule.map((e) => {
    const seed = `schedule:${owner}:${e.day}:${e.start}:${e.end ?? ''}`;
    const n = seen.get(seed) ?? 0;
    seen.set(seed, n + 1);
    return compact({
      id: uuidV5(n ? `${seed}:${n}` : seed),
      ...link,
      freq: 'WEEKLY',
      interval: 1,
      byday: BYDAY[e.day],
      opens_at: e.start,
      closes_at: e.end ?? undefined,
      description: `Every ${DAY_NAMES[e.day]} from ${e.start}${e.end ? ` to ${e.end}` : ''}`,
      notes: e.note ?? undefined,
    });
  });
}

function addressParts(address: string): { address_1: string; city: string } {
  const parts = address.split(',').map((p) => p.trim()).filter(Boolean);
  return { address_1: address, city: parts.length > 1 ? parts[parts.length - 1] : parts[0] ?? '' };
}

/** An HSDS location from a site view (exact or already masked). */
export function location(s: SiteView, full: boolean): Json {
  const masked = s.locationPrecision !== 'exact';
  const brief = compact({
    id: s.id,
    location_type: 'physical',
    name: s.venueName ?? undefined,
    description: masked ? MASKED_NOTE : undefined,
    latitude: s.lat,
    longitude: s.lng,
  });
  if (!full) return brief;
  // How exact the point is, so an importer elsewhere knows a masked point for what it is.
  const precision = [fieldAttribute(s.id, 'location', 'location_precision', s.locationPrecision)];
  const addresses =
    !masked && s.address && s.postcode
      ? [{ id: uuidV5(`address:${s.id}`), location_id: s.id, ...addressParts(s.address), state_province: 'England', postal_code: s.postcode, country: 'GB', address_type: 'physical' }]
      : [];
  return { ...brief, addresses, attributes: precision };
}

const termOf = (key: TaxonomyKey, code: string) => TAXONOMY_TERMS.find((t) => t.id === termId(key, code))!;

function fieldAttribute(linkId: string, entity: 'service' | 'location', code: FieldCode, value: string): Json {
  const term = termOf('field', code);
  return { id: uuidV5(`attribute:${linkId}:field:${code}:${value}`), link_id: linkId, link_type: entity, link_entity: entity, taxonomy_term_id: term.id, taxonomy_term: publicTerm(term), value };
}

const yesNo = (v: boolean | null) => (v === null ? 'unknown' : String(v));

/** Category and who-for as terms; Waymark's other fields as record-detail attributes (values; 'unknown' for not known). */
function attributes(a: AssetView): Json[] {
  const links: [TaxonomyKey, string][] = [['category', a.category], ...a.whoFor.map((w): [TaxonomyKey, string] => ['who_for', w])];
  const terms = links.map(([key, code]) => {
    const term = termOf(key, code);
    return { id: uuidV5(`attribute:${a.id}:${key}:${code}`), link_id: a.id, link_type: 'service', link_entity: 'service', taxonomy_term_id: term.id, taxonomy_term: publicTerm(term) };
  });
  const fields: [FieldCode, string][] = [
    ['sensitive', String(a.sensitive)],
    ['peer_led', String(a.peerLed)],
    ['wheelchair_access', yesNo(a.wheelchairAccess)],
    ['self_referral', yesNo(a.selfReferral)],
    ['professional_referral', yesNo(a.professionalReferral)],
    ['cost', a.cost ?? 'unknown'],
    ['commissioning', a.commissioning ?? 'unknown'],
    ['participation_level', a.participationLevel ?? 'unknown'],
    ...(a.scheduleNotes ? [['schedule_notes', a.scheduleNotes] as [FieldCode, string]] : []),
    ...a.tags.map((t): [FieldCode, string] => ['tag', t]),
  ];
  return [...terms, ...fields.map(([code, value]) => fieldAttribute(a.id, 'service', code, value))];
}

function phones(a: AssetView, link: Json): Json[] {
  return a.phone ? [{ id: uuidV5(`phone:${a.id}`), ...link, number: a.phone, type: 'voice' }] : [];
}

/** The fully nested service (GET /services/{id}). */
export function serviceRecord(a: AssetView, organisation?: OrganisationRow): Json {
  const brief = serviceBrief(a, organisation);
  return {
    ...brief,
    organization: organisation ? organizationRecord(organisation) : brief.organization,
    phones: phones(a, { service_id: a.id }),
    schedules: schedules(a, { service_id: a.id }),
    service_at_locations: a.sites.map((s) => ({
      id: serviceAtLocationId(a.id, s.id),
      service_id: a.id,
      location_id: s.id,
      location: location(s, true),
    })),
    attributes: attributes(a),
    contacts: [],
    languages: [],
  };
}

/** A service at one of its sites: the list item, or the full record (with the service nested). */
export function serviceAtLocation(a: AssetView, s: SiteView, full: boolean, organisation?: OrganisationRow): Json {
  const id = serviceAtLocationId(a.id, s.id);
  const base = { id, service_id: a.id, location_id: s.id, location: location(s, full) };
  if (!full) return { ...base, service: serviceBrief(a) };
  return {
    ...base,
    service: serviceRecord(a, organisation),
    schedules: schedules(a, { service_at_location_id: id }),
    phones: phones(a, { service_at_location_id: id }),
  };
}
