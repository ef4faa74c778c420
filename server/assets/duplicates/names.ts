/**
 * How alike two names are, word by word, with each word weighted by how rare it is in the
 * registry. Pure (no I/O). Issue 17: "Halifax Jobs Club for Recovery" and "Recovery
 * Running Club – Halifax" share three of their words, but "Recovery", "Halifax" and "Club"
 * are in many names of a Calderdale registry; "Jobs" and "Running" are what they are.
 *
 * - Words: folded (case, accents and punctuation off), common spellings made one
 *   ("Alcoholics Anonymous" = "AA", "Saint" = "Street" = "St", "&" = "and", "Twelve" = "12",
 *   "Center" = "Centre", "Thurs" = "Thursday"), times of day ("7:30pm"), stop words and
 *   lone letters dropped, each word once.
 * - Weight of a word: ln((N + 20) / (n + 1)), N live names in the registry and n of them
 *   holding the word (an inverse document frequency). A word in a third of 1,000 names
 *   weighs ln(1020/334) = 1.1; one in a single name ln(1020/2) = 6.2. The 20 imaginary
 *   names that hold nothing keep a small registry's weights near equal (then the score is
 *   the plain Dice coefficient of the word sets).
 * - Score: weighted Dice. Each word of either name counts its weight times how well it is
 *   matched in the other name (1 the same word; 0.85 the same word in another form,
 *   "Walkers" for "Walking", or one slip apart, for words of 4 letters or more: a letter
 *   dropped, doubled, changed or two swapped), over both names' weight.
 */

export type TermWeights = {
  /** How many live names the counts are over. */
  names: number;
  /** Per canonical word (as nameTokens gives it): how many of those names hold it. */
  counts: Record<string, number>;
};
/** No registry: every word weighs the same. */
export const EQUAL_WEIGHTS: TermWeights = { names: 0, counts: {} };

const PRIOR_NAMES = 20;
const SLIP_MATCH = 0.85;
const STOPWORDS = new Set(['the', 'and', 'of', 'at', 'in', 'for', 'a', 'an', 'on', 'to', 'with', 'by']);
/** One spelling for words written several ways. */
const SPELLINGS: Record<string, string> = {
  saint: 'st', street: 'st', road: 'rd', avenue: 'ave', center: 'centre', twelve: '12', mtg: 'meeting', grp: 'group',
  // Days spelt out, so a slip in one ("Firday") is still one slip from the day.
  mon: 'monday', tue: 'tuesday', tues: 'tuesday', wed: 'wednesday', thu: 'thursday', thur: 'thursday', thurs: 'thursday',
  fri: 'friday', sat: 'saturday', sun: 'sunday',
};
/** Fellowships' names, spelt out, and their initials. */
const PHRASES: [RegExp, string][] = [
  [/\balcoholics anonymous\b/g, 'aa'],
  [/\bnarcotics anonymous\b/g, 'na'],
  [/\bcocaine anonymous\b/g, 'ca'],
  [/\beating disorders anonymous\b/g, 'eda'],
];

const TIME_OF_DAY = /\b\d{1,2}([:.]\d{2})?\s*[ap]\.?m\b\.?/gi;
/** A spelt-out fellowship is counted by its first word. */
const PHRASE_FIRST_WORDS: Record<string, string> = { alcoholics: 'aa', narcotics: 'na', cocaine: 'ca', eating: 'eda' };

/** Lower case, accents off, punctuation to spaces: "Café – Halifax" → "cafe halifax". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** A name's words, each once, in the one spelling the rule compares. */
export function nameTokens(name: string): string[] {
  // Times of day are the schedule's, not the name's ("… - 7:30pm Central - In-Person").
  let folded = foldText(name.replace(TIME_OF_DAY, ' '));
  for (const [phrase, short] of PHRASES) folded = folded.replace(phrase, short);
  const words = folded.split(' ').map((w) => SPELLINGS[w] ?? w).filter((w) => w && !STOPWORDS.has(w) && (w.length > 1 || /\d/.test(w)));
  return [...new Set(words)];
}

/** The rule's words a raw folded word counts for ("alcoholics" for "aa", "saint" for "st"). */
export function tokensOfWord(word: string): readonly string[] {
  let tokens = wordTokens.get(word);
  if (!tokens) {
    const own = nameTokens(word);
    tokens = Object.freeze(PHRASE_FIRST_WORDS[word] ? [...own, PHRASE_FIRST_WORDS[word]] : own);
    if (wordTokens.size >= WORD_TOKENS_KEPT) wordTokens.clear();
    wordTokens.set(word, tokens);
  }
  return tokens;
}
/**
 * tokensOfWord's answers, kept: a batch counts every word of every name, and a third of
 * a 20,000-row duplicate check went on nameTokens, mostly for words met before.
 */
const wordTokens = new Map<string, readonly string[]>();
const WORD_TOKENS_KEPT = 100_000;

/** The registry's raw folded words to count for these names: every spelling of every word they hold. */
export function wordsToCount(names: string[]): string[] {
  const tokens = new Set(names.flatMap(nameTokens));
  const words = new Set(tokens);
  for (const [spelling, token] of Object.entries(SPELLINGS)) if (tokens.has(token)) words.add(spelling);
  for (const [first, token] of Object.entries(PHRASE_FIRST_WORDS)) if (tokens.has(token)) words.add(first);
  return [...words];
}

/**
 * Weights from the registry's raw folded word counts (registryWordCounts in repo
 * over wordsToCount): a rule word counts the names holding any of its spellings.
 */
export function weightsFromWordCounts(names: number, wordCounts: Record<string, number>): TermWeights {
  const weights: TermWeights = { names, counts: {} };
  for (const [word, n] of Object.entries(wordCounts)) for (const t of tokensOfWord(word)) weights.counts[t] = (weights.counts[t] ?? 0) + n;
  return weights;
}

/** Counts one more name, holding these raw folded words (each once), into `weights` (in place). */
export function countName(weights: TermWeights, words: string[]): void {
  weights.names++;
  for (const w of new Set(words)) for (const t of tokensOfWord(w)) weights.counts[t] = (weights.counts[t] ?? 0) + 1;
}

/** A name's raw folded words, as the database splits waymark_fold(name) (the same for plain ASCII names). */
export function rawWords(name: string): string[] {
  return [...new Set(foldText(name).split(' ').filter(Boolean))];
}

/** Weights counted over a list of names (the evaluation set, or a batch). */
export function weightsOfNames(names: string[], base: TermWeights = EQUAL_WEIGHTS): TermWeights {
  const weights: TermWeights = { names: base.names, counts: { ...base.counts } };
  for (const name of names) countName(weights, rawWords(name));
  return weights;
}

export function termWeight(weights: TermWeights, token: string): number {
  const n = Math.min(weights.counts[token] ?? 0, weights.names);
  return Math.log((weights.names + PRIOR_NAMES) / (n + 1));
}

/** At most one slip apart (Damerau–Levenshtein ≤ 1), both of 4 letters or more. */
export function oneSlipApart(a: string, b: string): boolean {
  if (a.length < 4 || b.length < 4 || Math.abs(a.length - b.length) > 1 || /\d/.test(a + b)) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // one changed
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // two swapped
  }
  const [long, short] = a.length > b.length ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i); // one dropped or doubled
}

/** A name's tokens with their weights, worked out once for scoring it against many. */
export type WeightedName = { tokens: string[]; stems: string[]; set: Set<string>; weights: number[]; total: number };

export function weighName(tokens: string[], weights: TermWeights = EQUAL_WEIGHTS): WeightedName {
  const w = tokens.map((t) => termWeight(weights, t));
  return { tokens, stems: tokens.map(stemOf), set: new Set(tokens), weights: w, total: w.reduce((sum, x) => sum + x, 0) };
}

/** Each word of `a` times how well `b` matches it (1 the same, 0.85 one slip apart, else 0). */
function matchedWeight(a: WeightedName, b: WeightedName): number {
  let matched = 0;
  for (let i = 0; i < a.tokens.length; i++) {
    if (b.set.has(a.tokens[i])) matched += a.weights[i];
    else if (nearlyMatched(a, i, b)) matched += SLIP_MATCH * a.weights[i];
  }
  return matched;
}

/** Word i of `a` is one slip from a word of `b`, or the same word in another form. */
function nearlyMatched(a: { tokens: string[]; stems: string[] }, i: number, b: { tokens: string[]; stems: string[] }): boolean {
  const stem = a.stems[i];
  for (let j = 0; j < b.tokens.length; j++) if ((stem.length >= 3 && stem === b.stems[j]) || oneSlipApart(a.tokens[i], b.tokens[j])) return true;
  return false;
}

/**
 * A word's bare form, for words of 4 letters or more: a plural's s, then -ing, -er or -ed,
 * then a doubled last letter and a final e off ("Walkers", "Walking", "Walks" → "walk";
 * "Running" → "run"; "Services" → "servic"). Numbers as they are.
 */
export function stemOf(word: string): string {
  if (word.length < 4 || /\d/.test(word)) return word;
  let w = word.replace(/([^s])s$/, '$1');
  if (w.length >= 6) w = w.replace(/(ing|er|ed)$/, '');
  return w.replace(/([b-df-hj-np-tv-z])\1$/, '$1').replace(/e$/, '');
}

/** Weighted Dice of two weighed names (see the header), 0–1. */
export function weightedDice(a: WeightedName, b: WeightedName): number {
  const total = a.total + b.total;
  return total > 0 && a.tokens.length && b.tokens.length ? (matchedWeight(a, b) + matchedWeight(b, a)) / total : 0;
}

/** Weighted Dice of two names' tokens. */
export function weightedNameScore(a: string[], b: string[], weights: TermWeights = EQUAL_WEIGHTS): number {
  return weightedDice(weighName(a, weights), weighName(b, weights));
}

/**
 * What the batch before a record holds of one word: `rows` of the earlier rows hold it,
 * adding `counted` to its count (a name holding two spellings of it adds 2), of `before`
 * earlier rows in all.
 */
export type EarlierRows = { rows: number; counted: number; before: number };

/**
 * The least and most a word can weigh when a record of a batch is judged, the rows before
 * it that were accepted having joined the registry's counts (batch.ts). With a
 * rows accepted adding b to the word's count, ln((N + a + 20) / (n + b + 1)) is least when
 * exactly the rows holding the word were accepted, and most when exactly the others were.
 */
export function weightRange(registry: TermWeights, token: string, earlier: EarlierRows): [number, number] {
  const n = registry.counts[token] ?? 0;
  return [
    Math.log((registry.names + earlier.rows + PRIOR_NAMES) / (n + earlier.counted + 1)),
    Math.log((registry.names + earlier.before - earlier.rows + PRIOR_NAMES) / (Math.min(n, registry.names) + 1)),
  ];
}

export type BoundedName = { tokens: string[]; stems: string[]; set: Set<string>; low: number[]; high: number[] };
export function boundName(tokens: string[], stems: string[], ranges: [number, number][]): BoundedName {
  return { tokens, stems, set: new Set(tokens), low: ranges.map((r) => r[0]), high: ranges.map((r) => r[1]) };
}

/**
 * The most weightedDice can be for any weights within the names' ranges. A ratio of sums
 * is largest with matched words at their most and unmatched at their least; words one
 * slip apart (matched 0.85) go all to their most or all to their least, whichever gives
 * more, so both are tried.
 */
export function diceUpperBound(a: BoundedName, b: BoundedName): number {
  if (!a.tokens.length || !b.tokens.length) return 0;
  let same = 0, slipLow = 0, slipHigh = 0, unmatched = 0;
  const tally = (x: BoundedName, y: BoundedName) => {
    x.tokens.forEach((t, i) => {
      if (y.set.has(t)) same += x.high[i];
      else if (nearlyMatched(x, i, y)) { slipLow += x.low[i]; slipHigh += x.high[i]; } else unmatched += x.low[i];
    });
  };
  tally(a, b);
  tally(b, a);
  const ratio = (slip: number) => (same + SLIP_MATCH * slip) / (same + slip + unmatched || 1);
  return Math.min(1, Math.max(ratio(slipLow), ratio(slipHigh)) + 1e-9);
}
