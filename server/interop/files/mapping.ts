import { ASSET_CATEGORIES, COST, WHO_FOR } from '../../domain/vocabulary';

/**
 * The column-mapping step: which registry field each column of a source file fills,
 * and turning one mapped row into what POST /api/assets would receive. Pure.
 */
export const MAPPABLE_FIELDS = [
  'externalId', 'name', 'description', 'category', 'tags', 'whoFor', 'phone', 'email', 'website', 'peerLed', 'selfReferral',
  'professionalReferral', 'wheelchairAccess', 'cost', 'costNotes', 'scheduleNotes', 'venueName', 'address', 'postcode', 'lat', 'lng',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];
export type ColumnMapping = Partial<Record<MappableField, string>>;

const SYNONYMS: Partial<Record<MappableField, string[]>> = {
  externalId: ['id', 'ref', 'reference', 'key', 'external id'],
  name: ['name', 'asset', 'asset name', 'service', 'service name', 'title'],
  description: ['description', 'details', 'about', 'summary'],
  category: ['category', 'type', 'kind'],
  tags: ['tags', 'keywords'],
  whoFor: ['who for', 'whofor', 'for', 'audience'],
  phone: ['phone', 'telephone', 'tel'],
  email: ['email', 'e-mail'],
  website: ['website', 'url', 'web'],
  peerLed: ['peer led', 'peerled', 'peer-led'],
  wheelchairAccess: ['wheelchair', 'wheelchair access', 'accessible'],
  cost: ['cost', 'price', 'fees'],
  venueName: ['venue', 'venue name', 'location', 'building'],
  address: ['address', 'street', 'address 1'],
  postcode: ['postcode', 'post code', 'postal code', 'zip'],
  lat: ['lat', 'latitude', 'y'],
  lng: ['lng', 'lon', 'long', 'longitude', 'x'],
};

const norm = (s: string) => s.trim().toLowerCase().replace(/[_\s]+/g, ' ');

/** A first guess from the header names; the user confirms or corrects it. */
export function suggestMapping(headers: string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const field of MAPPABLE_FIELDS) {
    const names = [norm(field.replace(/([A-Z])/g, ' $1')), ...(SYNONYMS[field] ?? [])];
    const header = headers.find((h) => names.includes(norm(h)) && !Object.values(mapping).includes(h));
    if (header) mapping[field] = header;
  }
  return mapping;
}

const BOOL: Record<string, boolean> = { yes: true, y: true, true: true, '1': true, no: false, n: false, false: false, '0': false };
const list = (s: string) => s.split(/[;|]/).map((x) => x.trim()).filter(Boolean);
const codeOf = (vocab: readonly { code: string; label: string }[], s: string) =>
  vocab.find((v) => v.code === s.trim().toLowerCase() || norm(v.label) === norm(s))?.code ?? s.trim();

/** One row → the asset create input (unvalidated; the asset schema says what is wrong) and its key. */
export function rowToInput(record: Record<string, string>, mapping: ColumnMapping): { externalId: string | null; input: Record<string, unknown> } {
  const get = (f: MappableField) => {
    const col = mapping[f];
    const v = col === undefined ? '' : (record[col] ?? '').trim();
    return v === '' ? undefined : v;
  };
  const bool = (f: MappableField) => {
    const v = get(f);
    return v === undefined ? undefined : (BOOL[v.toLowerCase()] ?? v);
  };
  const lat = get('lat');
  const lng = get('lng');
  const input: Record<string, unknown> = {
    name: get('name') ?? '',
    description: get('description') ?? null,
    category: get('category') === undefined ? undefined : codeOf(ASSET_CATEGORIES, get('category')!),
    tags: get('tags') ? list(get('tags')!) : [],
    whoFor: get('whoFor') ? list(get('whoFor')!).map((w) => codeOf(WHO_FOR, w)) : [],
    phone: get('phone') ?? null,
    email: get('email') ?? null,
    website: get('website') ?? null,
    peerLed: bool('peerLed') ?? false,
    selfReferral: bool('selfReferral') ?? null,
    professionalReferral: bool('professionalReferral') ?? null,
    wheelchairAccess: bool('wheelchairAccess') ?? null,
    cost: get('cost') === undefined ? null : codeOf(COST, get('cost')!),
    costNotes: get('costNotes') ?? null,
    scheduleNotes: get('scheduleNotes') ?? null,
    learnedFrom: 'import',
    sites: [{
      venueName: get('venueName') ?? null,
      address: get('address') ?? null,
      postcode: get('postcode') ?? null,
      lat: lat === undefined ? undefined : Number(lat),
      lng: lng === undefined ? undefined : Number(lng),
    }],
  };
  return { externalId: get('externalId') ?? null, input };
}

/** The registry field a zod issue path names → the source column the user knows it by. */
export function columnOf(path: PropertyKey[], mapping: ColumnMapping): string {
  const field = (path[0] === 'sites' ? path[2] : path[0]) as MappableField | undefined;
  return (field && mapping[field]) || String(field ?? '(row)');
}
