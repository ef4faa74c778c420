/** The controlled vocabularies, fetched once per page, and label look-ups. */
import { apiGet } from './api';
import type { Term, Vocabulary } from './types';

let loading: Promise<Vocabulary> | null = null;

export function loadVocabulary(): Promise<Vocabulary> {
  loading ??= apiGet<Vocabulary>('/api/vocabulary');
  return loading;
}

/** The label for a code, or the code itself when the vocabulary has moved on. */
export function labelOf(terms: Term[], code: string | null | undefined): string {
  if (!code) return '';
  return terms.find((t) => t.code === code)?.label ?? code;
}
