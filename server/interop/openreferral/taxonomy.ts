import { ASSET_CATEGORIES, WHO_FOR } from '../../domain/vocabulary';
import { uuidV5 } from '../ids';

/**
 * Waymark's controlled vocabularies published as HSDS taxonomies: asset categories and
 * who-for tags. Ids are name-based UUIDs of the codes, so they never change while a code
 * lives (codes are stable identifiers; see server/domain/vocabulary.ts). Pure.
 */
export type TaxonomyKey = 'category' | 'who_for';

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
  const t = TAXONOMY_TERMS.find((x) => x.id === id);
  return t && { key: t.key, code: t.code };
}

/** A term from another directory: matched on our id, our code, or our label (case-insensitive). */
export function matchTerm(term: { id?: string; code?: string; name?: string }): { key: TaxonomyKey; code: string } | undefined {
  const norm = (s?: string) => s?.trim().toLowerCase();
  const t = TAXONOMY_TERMS.find(
    (x) => x.id === term.id || (term.code && norm(x.code) === norm(term.code)) || (term.name && norm(x.name) === norm(term.name)),
  );
  return t && { key: t.key, code: t.code };
}
