import { codeFor, labelsOf, type VocabularyField } from '../../domain/synonyms';
import { parseScheduleText } from './schedule-text';

/**
 * The column-mapping step: which registry field each column of a source file fills,
 * and turning one mapped row into what POST /api/assets would receive. Pure.
 */
export const MAPPABLE_FIELDS = [
  'externalId', 'name', 'description', 'category', 'tags', 'whoFor', 'phone', 'email', 'website', 'peerLed', 'selfReferral',
  'professionalReferral', 'wheelchairAccess', 'cost', 'costNotes', 'commissioning', 'participationLevel', 'schedule', 'scheduleNotes',
  'sensitive', 'venueName', 'address', 'postcode', 'lat', 'lng', 'locationPrecision',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
export type ColumnMapping = Partial<Record<MappableField, string>>;

/** What each field is called on the mapping step. */
export const FIELD_LABELS: Record<MappableField, string> = {
  externalId: 'Reference (for re-imports)', name: 'Name', description: 'Description', category: 'Category', tags: 'Tags', whoFor: 'Who it is for',
  phone: 'Phone', email: 'Email', website: 'Website', peerLed: 'Peer-led', selfReferral: 'Self-referral', professionalReferral: 'Professional referral',
  wheelchairAccess: 'Wheelchair access', cost: 'Cost', costNotes: 'Cost notes', commissioning: 'Commissioning', participationLevel: 'Peer participation',
  schedule: 'Weekly times', scheduleNotes: 'When it runs (notes)', sensitive: 'Sensitive place (refuge)', venueName: 'Venue', address: 'Address',
  postcode: 'Postcode', lat: 'Latitude', lng: 'Longitude', locationPrecision: 'Location precision',
};

// Headings people give these columns, compared after normalising (case, spaces, _ - ? and
// camelCase all alike): "Venue Name", "venueName" and "venue_name" are one heading.
const SYNONYMS: Partial<Record<MappableField, string[]>> = {
  externalId: ['id', 'ref', 'reference', 'key', 'external id', 'record id', 'asset id', 'uid'],
  name: ['name', 'asset', 'asset name', 'service', 'service name', 'title', 'group', 'group name', 'organisation name', 'meeting name'],
  description: ['description', 'details', 'about', 'summary', 'notes', 'info', 'information', 'what it is'],
  category: ['category', 'type', 'kind', 'service type', 'asset type', 'category type'],
  tags: ['tags', 'keywords'],
  whoFor: ['who for', 'whofor', 'for', 'audience', 'who is it for', 'who it is for', 'client group', 'target group'],
  phone: ['phone', 'telephone', 'tel', 'phone number', 'telephone number', 'contact number', 'contact phone', 'mobile'],
  email: ['email', 'e mail', 'email address', 'e mail address', 'contact email'],
  website: ['website', 'url', 'web', 'web site', 'web address', 'link'],
  peerLed: ['peer led', 'peerled'],
  selfReferral: ['self referral', 'self refer', 'can self refer', 'drop in'],
  professionalReferral: ['professional referral', 'referral needed', 'referral required', 'referral'],
  wheelchairAccess: ['wheelchair', 'wheelchair access', 'wheelchair accessible', 'accessible', 'step free', 'disabled access'],
  cost: ['cost', 'price', 'fees', 'charge'],
  costNotes: ['cost notes', 'price notes', 'cost details'],
  commissioning: ['commissioning', 'commissioned', 'funding'],
  participationLevel: ['participation level', 'participation', 'peer participation'],
  schedule: ['schedule', 'times', 'meeting times', 'weekly times', 'opening times', 'day and time', 'day time', 'when'],
  scheduleNotes: ['schedule notes', 'when it runs', 'timing notes'],
  sensitive: ['sensitive', 'sensitive place', 'confidential location', 'refuge'],
  venueName: ['venue', 'venue name', 'location', 'building', 'place', 'site', 'site name'],
  address: ['address', 'street', 'address 1', 'address line 1', 'street address'],
  postcode: ['postcode', 'post code', 'postal code', 'zip'],
  lat: ['lat', 'latitude', 'y'],
  lng: ['lng', 'lon', 'long', 'longitude', 'x'],
  locationPrecision: ['location precision', 'precision'],
};

export const normaliseHeading = (s: string) =>
  s.replace(/([a-z])([A-Z])/g, '$1 $2').trim().toLowerCase().replace(/[_\s\-?:()/.]+/g, ' ').trim();

/** A first guess from the header names; the user confirms or corrects it. */
export function suggestMapping(headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const field of MAPPABLE_FIELDS) {
    const names = [normaliseHeading(field), ...(SYNONYMS[field] ?? [])];
    const header = headers.find((h) => names.includes(normaliseHeading(h)) && !Object.values(mapping).includes(h));
    if (header) mapping[field] = header;
  }
  return mapping;
}

const BOOL: Record<string, boolean> = { yes: true, y: true, true: true, '1': true, no: false, n: false, false: false, '0': false };
const list = (s: string) => s.split(/[;|]/).map((x) => x.trim()).filter(Boolean);

/** A note about a row that still imports (a warning), by field. */
export type RowNote = { field: MappableField; message: string };
export type MappedRow = { externalId: string | null; input: Record<string, unknown>; problems: RowNote[]; notes: RowNote[]; approximate: boolean };

const vocabularyProblem = (field: VocabularyField & MappableField, written: string): RowNote => ({
  field, message: `"${written}" is not one we know: use one of ${labelsOf(field).join(', ')}`,
});

/**
 * One row → the asset create input (unvalidated; the asset schema says what else is
 * wrong), its key, the problems found reading it (words that are not in a vocabulary,
 * yes/no that is neither) and notes. A row whose `locationPrecision` is not "exact" came
 * from an export that masked it: it was a sensitive place there, so it is one here, and
 * its point is only the masking cell's (`approximate`).
 */
export function rowToInput(record: Record<string, string>, mapping: ColumnMapping): MappedRow {
  const problems: RowNote[] = [];
  const notes: RowNote[] = [];
  const get = (f: MappableField) => {
    const col = mapping[f];
    // The CSV export writes '+44 …' for +44 … so a spreadsheet does not run it as a formula.
    const v = (col === undefined ? '' : (record[col] ?? '').trim()).replace(/^'(?=[=+\-@])/, '');
    return v === '' ? undefined : v;
  };
  const bool = (f: MappableField) => {
    const v = get(f);
    if (v === undefined) return undefined;
    const b = BOOL[v.toLowerCase()];
    if (b === undefined) problems.push({ field: f, message: `"${v}" is not yes or no` });
    return b;
  };
  const vocab = (f: VocabularyField & MappableField) => {
    const v = get(f);
    if (v === undefined) return null;
    const code = codeFor(f, v);
    if (code === null) problems.push(vocabularyProblem(f, v));
    return code;
  };
  const whoFor = list(get('whoFor') ?? '').flatMap((w) => {
    const code = codeFor('whoFor', w);
    if (code === null) problems.push(vocabularyProblem('whoFor', w));
    return code === null ? [] : [code];
  });
  let schedule: unknown[] = [];
  let scheduleNotes = get('scheduleNotes') ?? null;
  const scheduleCell = get('schedule');
  if (scheduleCell !== undefined) {
    const parsed = parseScheduleText(scheduleCell);
    if (parsed) schedule = parsed;
    else {
      // "Second Tuesday of the month" is a schedule too, just not a weekly one: keep the words.
      scheduleNotes = [scheduleNotes, scheduleCell].filter(Boolean).join('; ');
      notes.push({ field: 'schedule', message: `"${scheduleCell}" is not a list of weekly times (like "Tue 19:00-20:30"): kept as notes on when it runs` });
    }
  }
  const precision = get('locationPrecision');
  const approximate = precision !== undefined && precision.toLowerCase() !== 'exact';
  const sensitive = (bool('sensitive') ?? false) || approximate;
  const lat = get('lat');
  const lng = get('lng');
  const input: Record<string, unknown> = {
    name: get('name') ?? '',
    description: get('description') ?? null,
    category: get('category') === undefined ? undefined : (vocab('category') ?? 'other'),
    tags: get('tags') ? list(get('tags')!) : [],
    sensitive,
    whoFor,
    phone: get('phone') ?? null,
    email: get('email') ?? null,
    website: get('website') ?? null,
    schedule,
    scheduleNotes,
    peerLed: bool('peerLed') ?? false,
    selfReferral: bool('selfReferral') ?? null,
    professionalReferral: bool('professionalReferral') ?? null,
    wheelchairAccess: bool('wheelchairAccess') ?? null,
    cost: vocab('cost'),
    costNotes: get('costNotes') ?? null,
    commissioning: vocab('commissioning'),
    participationLevel: vocab('participationLevel'),
    learnedFrom: 'import',
    sites: [{
      venueName: get('venueName') ?? null,
      address: get('address') ?? null,
      // A masked place carries only the outward code ("HX1"): not a postcode to keep.
      postcode: approximate && !/\d[A-Za-z]{2}$/.test(get('postcode') ?? '') ? null : (get('postcode') ?? null),
      lat: lat === undefined ? undefined : Number(lat),
      lng: lng === undefined ? undefined : Number(lng),
    }],
  };
  if (approximate) notes.push({ field: 'locationPrecision', message: `the point is approximate (${precision}): it was a sensitive place where it came from, so it is one here; place it exactly before publishing` });
  return { externalId: get('externalId') ?? null, input, problems, notes, approximate };
}

/** The registry field a zod issue path names → the source column the user knows it by. */
export function columnOf(path: PropertyKey[], mapping: ColumnMapping): string {
  const field = (path[0] === 'sites' ? path[2] : path[0]) as MappableField | undefined;
  return (field && mapping[field]) || (field ? FIELD_LABELS[field] ?? String(field) : '(row)');
}
