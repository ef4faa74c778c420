import { ASSET_CATEGORIES, COMMISSIONING, COST, PARTICIPATION_LEVELS, WHO_FOR } from './vocabulary';

/**
 * What people write in their own spreadsheets for Waymark's vocabularies ("AA meeting",
 * "Mutual-aid", "Needle exchange", "Women only"), so an import reads them as the code.
 * Additive: a code's own name and its label always match; these are the other words.
 * Pure.
 */
type Vocabulary = readonly { code: string; label: string }[];

const CATEGORY_WORDS: Record<string, string[]> = {
  treatment: ['drug treatment', 'alcohol treatment', 'drug and alcohol service', 'drug and alcohol treatment', 'substance misuse service', 'detox', 'rehab', 'rehabilitation', 'prescribing', 'treatment service'],
  harm_reduction: ['needle exchange', 'needle and syringe programme', 'nsp', 'naloxone', 'harm minimisation', 'drug checking'],
  mutual_aid: ['aa', 'aa meeting', 'alcoholics anonymous', 'na', 'na meeting', 'narcotics anonymous', 'ca', 'cocaine anonymous', 'smart', 'smart recovery', 'smart meeting', '12 step', 'twelve step', 'fellowship meeting', 'self help group'],
  lero_peer_support: ['lero', 'peer support', 'lived experience recovery organisation', 'lived experience', 'recovery organisation'],
  recovery_community: ['recovery community', 'recovery cafe', 'cafe', 'recovery hub', 'recovery centre'],
  family_carer_support: ['family support', 'carer support', 'carers support', 'family and carers', 'al anon', 'alanon', 'families anonymous'],
  housing: ['recovery housing', 'supported housing', 'accommodation', 'hostel', 'refuge'],
  education_training_employment: ['education', 'training', 'employment', 'employment support', 'jobs', 'skills', 'college', 'ete'],
  health: ['mental health', 'gp', 'blood borne viruses', 'bbv', 'hepatitis', 'pharmacy', 'sexual health'],
  criminal_justice: ['probation', 'prison', 'liaison and diversion', 'courts'],
  social_leisure_arts: ['social', 'leisure', 'sport', 'arts', 'art group', 'walking group', 'allotment', 'gardening', 'music', 'football', 'gym', 'social group'],
  faith_community: ['faith', 'church', 'mosque', 'temple', 'gurdwara', 'community group', 'faith group'],
  advice: ['benefits advice', 'debt advice', 'legal advice', 'welfare rights', 'citizens advice', 'benefits', 'debt', 'legal'],
};

const WHO_FOR_WORDS: Record<string, string[]> = {
  women: ['female', 'women only', 'ladies'],
  men: ['male', 'men only'],
  lgbtq: ['lgbt', 'lgbtq', 'lgbtqia', 'lgbtqia+', 'lgbt+', 'gay', 'queer'],
  young_adults: ['young people', 'youth', '18 25', 'young adults'],
  older_people: ['older adults', 'over 50s', 'over 55s', 'over 60s', 'elderly', 'seniors'],
  families_carers: ['families', 'carers', 'family', 'carer'],
  ethnic_minority_led: ['bame', 'bme', 'ethnic minority', 'ethnic minorities', 'black and minority ethnic', 'global majority'],
  faith_based: ['faith', 'faith based', 'christian', 'muslim'],
  learning_disabilities: ['learning disability', 'ld'],
  homeless_inclusion_health: ['homeless', 'homelessness', 'rough sleepers', 'inclusion health'],
  criminal_justice: ['offenders', 'ex offenders', 'prison leavers', 'probation'],
};

const COST_WORDS: Record<string, string[]> = {
  free: ['no cost', 'free of charge', '£0', '0', 'none', 'nothing'],
  low_cost: ['small charge', 'donation', 'donations', 'pay what you can', 'subs', 'voluntary contribution'],
  paid: ['charge', 'fee', 'fees', 'chargeable'],
  varies: ['various', 'depends', 'it depends'],
};

const COMMISSIONING_WORDS: Record<string, string[]> = {
  local_authority: ['commissioned', 'local authority', 'council', 'council commissioned', 'la'],
  independent: ['not commissioned', 'independent', 'voluntary'],
};

/** Lower case, accents and punctuation gone, "&" as "and": how two spellings are compared. */
export function normaliseTerm(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9+£]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

function matcher(vocab: Vocabulary, words: Record<string, string[]>): Map<string, string> {
  const byTerm = new Map<string, string>();
  const add = (term: string, code: string) => {
    const n = normaliseTerm(term);
    if (n && !byTerm.has(n)) byTerm.set(n, code);
  };
  for (const { code, label } of vocab) {
    add(code, code);
    add(label, code);
    // "Housing (incl. recovery housing)" → "Housing"; "LERO / peer support" → "LERO", "peer support".
    add(label.replace(/\s*\(.*\)\s*/, ''), code);
    for (const part of label.split(/\s*\/\s*|:\s*/)) add(part, code);
  }
  for (const [code, list] of Object.entries(words)) for (const w of list) add(w, code);
  return byTerm;
}

const MATCHERS = {
  category: { vocab: ASSET_CATEGORIES as Vocabulary, terms: matcher(ASSET_CATEGORIES, CATEGORY_WORDS) },
  whoFor: { vocab: WHO_FOR as Vocabulary, terms: matcher(WHO_FOR, WHO_FOR_WORDS) },
  cost: { vocab: COST as Vocabulary, terms: matcher(COST, COST_WORDS) },
  commissioning: { vocab: COMMISSIONING as Vocabulary, terms: matcher(COMMISSIONING, COMMISSIONING_WORDS) },
  participationLevel: { vocab: PARTICIPATION_LEVELS as Vocabulary, terms: matcher(PARTICIPATION_LEVELS, {}) },
} as const;
export type VocabularyField = keyof typeof MATCHERS;
export const VOCABULARY_FIELDS = Object.keys(MATCHERS) as VocabularyField[];

/** The code for what someone wrote ("AA meeting" → "mutual_aid"), or null if none fits. */
export function codeFor(field: VocabularyField, written: string): string | null {
  const terms = MATCHERS[field].terms;
  const n = normaliseTerm(written);
  // "AA meetings", "Recovery cafés": a plural of a known word.
  return terms.get(n) ?? (n.endsWith('s') ? terms.get(n.slice(0, -1)) : undefined) ?? null;
}

/** The labels a user may write, for an error message ("use one of Treatment, Harm reduction, …"). */
export function labelsOf(field: VocabularyField): string[] {
  return MATCHERS[field].vocab.map((v) => v.label);
}
