/**
 * The asset form's state, as typed (strings, tri-states), and how it becomes the body of
 * POST /api/assets (capture) or PATCH /api/assets/:id (edit, fix and resend). Kept apart
 * from the DOM so the conversions can be tested on their own.
 */
import type { Asset } from '../shared/types';

export type TriState = '' | 'yes' | 'no';
/** `note` is carried through unchanged (the form does not show it), so an edit keeps it. */
export type ScheduleRow = { day: string; start: string; end: string; note?: string };
export type LatLng = { lat: number; lng: number };

export type CaptureDraft = {
  point: LatLng | null;
  postcode: string;
  venueName: string;
  address: string;
  name: string;
  category: string;
  description: string;
  organisationId: string;
  whoFor: string[];
  peerLed: boolean;
  schedule: ScheduleRow[];
  scheduleNotes: string;
  selfReferral: TriState;
  professionalReferral: TriState;
  wheelchairAccess: TriState;
  cost: string;
  costNotes: string;
  phone: string;
  email: string;
  website: string;
  learnedFrom: string;
  commissioning: string;
  participationLevel: string;
  sensitive: boolean;
  publish: boolean;
};

export function emptyDraft(): CaptureDraft {
  return {
    point: null, postcode: '', venueName: '', address: '', name: '', category: '', description: '', organisationId: '',
    whoFor: [], peerLed: false, schedule: [], scheduleNotes: '', selfReferral: '', professionalReferral: '', wheelchairAccess: '',
    cost: '', costNotes: '', phone: '', email: '', website: '', learnedFrom: '', commissioning: '', participationLevel: '', sensitive: false, publish: false,
  };
}

/** True when nobody has typed or placed anything worth keeping. */
export function isBlank(d: CaptureDraft): boolean {
  const blank = emptyDraft();
  return JSON.stringify({ ...d, schedule: d.schedule.filter(rowHasContent) }) === JSON.stringify(blank);
}

const rowHasContent = (r: ScheduleRow) => !!(r.day || r.start || r.end);

/**
 * The API body. Empty text is left out rather than sent as "" (which the server would
 * check as a value); a schedule row with nothing in it is dropped; a started row is sent
 * as typed so the server can say what is missing.
 */
export function toAssetRequest(d: CaptureDraft, mayPublish: boolean): Record<string, unknown> {
  const text = (v: string) => (v.trim() ? v.trim() : undefined);
  const tri = (v: TriState) => (v === 'yes' ? true : v === 'no' ? false : undefined);
  const site = d.point
    ? dropUndefined({ lat: d.point.lat, lng: d.point.lng, postcode: text(d.postcode), venueName: text(d.venueName), address: text(d.address) })
    : null;
  return dropUndefined({
    name: d.name.trim(),
    category: d.category,
    description: text(d.description),
    organisationId: text(d.organisationId),
    tags: [],
    sensitive: d.sensitive,
    phone: text(d.phone),
    email: text(d.email),
    website: text(d.website),
    schedule: d.schedule.filter(rowHasContent).map((r) => dropUndefined({ day: r.day === '' ? undefined : Number(r.day), start: r.start, end: r.end || undefined, note: r.note || undefined })),
    scheduleNotes: text(d.scheduleNotes),
    whoFor: d.whoFor,
    selfReferral: tri(d.selfReferral),
    professionalReferral: tri(d.professionalReferral),
    wheelchairAccess: tri(d.wheelchairAccess),
    cost: text(d.cost),
    costNotes: text(d.costNotes),
    peerLed: d.peerLed,
    learnedFrom: text(d.learnedFrom),
    commissioning: text(d.commissioning),
    participationLevel: text(d.participationLevel),
    sites: site ? [site] : [],
    publish: mayPublish && d.publish ? true : undefined,
  });
}

function dropUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What must be there before sending; the server checks the rest and names the fields. */
export function missingEssentials(d: CaptureDraft): Map<string, string> {
  const problems = new Map<string, string>();
  if (!d.point) problems.set('sites', 'Place the asset on the map: tap the map, use your location or find a postcode');
  if (d.name.trim().length < 2) problems.set('name', 'Enter the name (at least 2 characters)');
  if (!d.category) problems.set('category', 'Choose a category');
  return problems;
}

/** The fields a form shows; a PATCH sends only those, so a hidden field is never cleared. */
export type FormFields = { classification: boolean; learnedFrom: boolean; publish: boolean };

/** A saved record as the form shows it: its first place, tri-states and codes as typed. */
export function draftFromAsset(a: Asset): CaptureDraft {
  const site = a.sites[0];
  const tri = (v: boolean | null): TriState => (v === true ? 'yes' : v === false ? 'no' : '');
  return {
    point: site ? { lat: site.lat, lng: site.lng } : null,
    postcode: site?.postcode ?? '', venueName: site?.venueName ?? '', address: site?.address ?? '',
    name: a.name, category: a.category, description: a.description ?? '', organisationId: a.organisation?.id ?? '',
    whoFor: [...a.whoFor], peerLed: a.peerLed,
    schedule: a.schedule.map((s) => ({ day: String(s.day), start: s.start, end: s.end ?? '', ...(s.note ? { note: s.note } : {}) })),
    scheduleNotes: a.scheduleNotes ?? '',
    selfReferral: tri(a.selfReferral), professionalReferral: tri(a.professionalReferral), wheelchairAccess: tri(a.wheelchairAccess),
    cost: a.cost ?? '', costNotes: a.costNotes ?? '', phone: a.phone ?? '', email: a.email ?? '', website: a.website ?? '',
    learnedFrom: a.learnedFrom ?? '', commissioning: a.commissioning ?? '', participationLevel: a.participationLevel ?? '',
    sensitive: a.sensitive, publish: false,
  };
}

/**
 * The PATCH body for an edited record. Emptied text is sent as null (cleared). The place is
 * sent only when it changed, as a new first site (the old one may be shared with other
 * assets) with the record's other places kept by id; an untouched masked place (a volunteer
 * sees a sensitive place only roughly) is therefore never written back over the exact one.
 */
export function toAssetPatch(d: CaptureDraft, original: Asset, fields: FormFields): Record<string, unknown> {
  const text = (v: string) => (v.trim() ? v.trim() : null);
  const tri = (v: TriState) => (v === 'yes' ? true : v === 'no' ? false : null);
  const body: Record<string, unknown> = {
    name: d.name.trim(),
    category: d.category,
    description: text(d.description),
    organisationId: text(d.organisationId),
    sensitive: d.sensitive,
    phone: text(d.phone),
    email: text(d.email),
    website: text(d.website),
    schedule: d.schedule.filter(rowHasContent).map((r) => ({ day: r.day === '' ? null : Number(r.day), start: r.start, end: r.end || null, ...(r.note ? { note: r.note } : {}) })),
    scheduleNotes: text(d.scheduleNotes),
    whoFor: d.whoFor,
    selfReferral: tri(d.selfReferral),
    professionalReferral: tri(d.professionalReferral),
    wheelchairAccess: tri(d.wheelchairAccess),
    cost: text(d.cost),
    costNotes: text(d.costNotes),
    peerLed: d.peerLed,
  };
  if (fields.classification) Object.assign(body, { commissioning: text(d.commissioning), participationLevel: text(d.participationLevel) });
  if (fields.learnedFrom) body.learnedFrom = text(d.learnedFrom);
  const before = draftFromAsset(original);
  const placeChanged = JSON.stringify([d.point, d.venueName.trim(), d.address.trim(), d.postcode.trim()])
    !== JSON.stringify([before.point, before.venueName, before.address, before.postcode]);
  if (placeChanged && d.point) {
    body.sites = [
      { venueName: text(d.venueName), address: text(d.address), postcode: text(d.postcode), lat: d.point.lat, lng: d.point.lng },
      ...original.sites.slice(1).map((s) => ({ id: s.id })),
    ];
  }
  return body;
}
