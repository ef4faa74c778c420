import { ASSET_CATEGORIES, WHO_FOR } from '../../domain/vocabulary';
import { uuidV5 } from '../ids';

/** Waymark fields carried as attributes (see DEFINITIONS.field). `location_precision` links to a location. */
export const FIELD_TERMS = [
  { code: 'sensitive', label: 'Sensitive place (exact place kept from the public)' },
  { code: 'location_precision', label: 'Location precision' },
  { code: 'peer_led', label: 'Peer-led' },
  { code: 'wheelchair_access', label: 'Wheelchair access' },
  { code: 'self_referral', label: 'Self-referral' },
  { code: 'professional_referral', label: 'Professional referral' },
  { code: 'cost', label: 'Cost' },
  { code: 'commissioning', label: 'Commissioning' },
  { code: 'participation_level', label: 'Participation level' },
  { code: 'tag', label: 'Tag' },
  { code: 'schedule_notes', label: 'Schedule notes' },
] as const;
export type FieldCode = (typeof FIELD_TERMS)[number]['code'];

/**
 * Waymark's controlled vocabularies published as HSDS taxonomies: asset categories and
 * who-for tags. Ids are name-based UUIDs of the codes, so they never change while a code
 * lives (codes are stable identifiers; see server/domain/vocabulary.ts). Pure.
 */
export type TaxonomyKey = 'category' | 'who_for' | 'field';

export type HsdsTaxonomy = { id: string; name: string; description: string; version: string };
export type HsdsTaxonomyTerm = {
  id: string;
  code: string;
  name: string;
  description: string;
  taxonomy: string;
  taxonomy_id: string;
  language: string;
};

const DEFINITIONS: Record<TaxonomyKey, { name: string; description: string; entries: readonly { code: string; label: string }[] }> = {
  category: {
    name: 'Waymark asset categories',
    description: 'Kinds of recovery asset, after OHID (2023) Part 3: how to develop systems of care that support recovery.',
    entries: ASSET_CATEGORIES,
  },
  who_for: {
    name: 'Waymark who-for',
    description: 'Groups a recovery asset is specifically for or led by.',
    entries: WHO_FOR,
  },
  // Waymark's own fields that HSDS has no column for, carried as attributes whose `value`
  // holds the field's value, so a package exported here and imported elsewhere loses
  // nothing (sensitivity above all: a refuge must stay sensitive wherever it goes).
  field: {
    name: 'Waymark record details',
    description: 'Details of a Waymark record with no HSDS column: the attribute value holds the value.',
    entries: FIELD_TERMS,
  },
};

export const taxonomyId = (key: TaxonomyKey) => uuidV5(`taxonomy:${key}`);
export const termId = (key: TaxonomyKey, code: string) => uuidV5(`taxonomy_term:${key}:${code}`);

export const TAXONOMIES: HsdsTaxonomy[] = (Object.keys(DEFINITIONS) as TaxonomyKey[]).map((key) => ({
  id: taxonomyId(key),
  name: DEFINITIONS[key].name,
  description: DEFINITIONS[key].description,
  version: '1',
}));

export const TAXONOMY_TERMS: (HsdsTaxonomyTerm & { key: TaxonomyKey })[] = (Object.keys(DEFINITIONS) as TaxonomyKey[]).flatMap((key) =>
  DEFINITIONS[key].entries.map((e) => ({
    key,
    id: termId(key, e.code),
    code: e.code,
    name: e.label,
    description: e.label,
    taxonomy: DEFINITIONS[key].name,
    taxonomy_id: taxonomyId(key),
    language: 'en',
  })),
);

export const publicTerm = ({ key: _key, ...term }: (typeof TAXONOMY_TERMS)[number]): HsdsTaxonomyTerm => term;

/** Term id → (taxonomy, code), for filters and for imports. */
export function termById(id: string): { key: TaxonomyKey; code: string } | undefined {
  const t = TERM_BY_ID.get(id);
  return t && { key: t.key, code: t.code };
}

/**
 * A term from another directory: matched on our id first, then on our code or label
 * within the taxonomy it names (by id or name), then on code or label alone. A code or
 * label that is both a category and a who-for ("criminal justice") comes back as
 * `ambiguous`: the caller decides (see from-hsds.ts), so the order of terms never does.
 */
export function matchTerm(term: { id?: string; code?: string; name?: string; taxonomy_id?: string; taxonomy?: string }): { key: TaxonomyKey; code: string; ambiguous?: boolean } | undefined {
  const byId = term.id === undefined ? undefined : TERM_BY_ID.get(term.id);
  if (byId) return { key: byId.key, code: byId.code };
  const taxonomyKey = term.taxonomy_id || term.taxonomy ? (Object.keys(DEFINITIONS) as TaxonomyKey[]).find((k) => term.taxonomy_id === taxonomyId(k) || (term.taxonomy && norm(term.taxonomy) === norm(DEFINITIONS[k].name))) : undefined;
  const candidates = [...(term.code ? TERMS_BY_WORDS.get(norm(term.code)!) ?? [] : []), ...(term.name ? TERMS_BY_WORDS.get(norm(term.name)!) ?? [] : [])];
  const found = candidates.filter((x) => !taxonomyKey || x.key === taxonomyKey);
  if (!found.length) return undefined;
  return { key: found[0].key, code: found[0].code, ...(new Set(found.map((f) => f.key)).size > 1 ? { ambiguous: true } : {}) };
}

const norm = (s?: string) => s?.trim().toLowerCase();
const TERM_BY_ID = new Map(TAXONOMY_TERMS.map((t) => [t.id, t]));
/** Category and who-for terms by lower-cased code and label (record details match by id only). */
const TERMS_BY_WORDS = new Map<string, (typeof TAXONOMY_TERMS)[number][]>();
for (const t of TAXONOMY_TERMS) {
  if (t.key === 'field') continue;
  for (const w of new Set([norm(t.code)!, norm(t.name)!])) TERMS_BY_WORDS.set(w, [...(TERMS_BY_WORDS.get(w) ?? []), t]);
}