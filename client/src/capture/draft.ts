/**
 * The capture form's state, as typed (strings, tri-states), and how it becomes the body of
 * POST /api/assets. Kept apart from the DOM so the conversion can be tested on its own.
 */
export type TriState = '' | 'yes' | 'no';
export type ScheduleRow = { day: string; start: string; end: string };
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
  sensitive: boolean;
  publish: boolean;
};

export function emptyDraft(): CaptureDraft {
  return {
    point: null, postcode: '', venueName: '', address: '', name: '', category: '', description: '', organisationId: '',
    whoFor: [], peerLed: false, schedule: [], scheduleNotes: '', selfReferral: '', professionalReferral: '', wheelchairAccess: '',
    cost: '', costNotes: '', phone: '', email: '', website: '', learnedFrom: '', sensitive: false, publish: false,
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
    schedule: d.schedule.filter(rowHasContent).map((r) => dropUndefined({ day: r.day === '' ? undefined : Number(r.day), start: r.start, end: r.end || undefined })),
    scheduleNotes: text(d.scheduleNotes),
    whoFor: d.whoFor,
    selfReferral: tri(d.selfReferral),
    professionalReferral: tri(d.professionalReferral),
    wheelchairAccess: tri(d.wheelchairAccess),
    cost: text(d.cost),
    costNotes: text(d.costNotes),
    peerLed: d.peerLed,
    learnedFrom: text(d.learnedFrom),
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
