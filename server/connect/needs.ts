import { codeFor, normaliseTerm } from '../domain/synonyms';

/**
 * What someone needs, as the finder filters on it, and reading it from plain words
 * ("women's group on a weekday evening, free, step-free"). Pure.
 *
 * Days follow the API (0 = Sunday … 6 = Saturday). A part of the day is judged by when a
 * session starts: morning 05:00–11:59, afternoon 12:00–16:59, evening 17:00–23:59.
 */
export const PARTS_OF_DAY = ['morning', 'afternoon', 'evening'] as const;
export type PartOfDay = (typeof PARTS_OF_DAY)[number];

export type Needs = {
  categories: string[];
  whoFor: string[];
  /** Days a session must fall on; empty: any day. */
  days: number[];
  /** Parts of the day a session must start in; empty: any time. */
  times: PartOfDay[];
  free: boolean;
  stepFree: boolean;
  selfReferral: boolean;
  online: boolean;
};

export const NO_NEEDS: Needs = { categories: [], whoFor: [], days: [], times: [], free: false, stepFree: false, selfReferral: false, online: false };

const WEEKDAYS = [1, 2, 3, 4, 5];
const DAY_WORDS: Record<string, number[]> = {
  sunday: [0], sun: [0], monday: [1], mon: [1], tuesday: [2], tue: [2], tues: [2], wednesday: [3], wed: [3],
  thursday: [4], thu: [4], thurs: [4], friday: [5], fri: [5], saturday: [6], sat: [6],
  weekday: WEEKDAYS, weekdays: WEEKDAYS, 'week day': WEEKDAYS, 'week days': WEEKDAYS, 'during the week': WEEKDAYS,
  weekend: [0, 6], weekends: [0, 6], 'week end': [0, 6],
};
const TIME_WORDS: Record<string, PartOfDay> = {
  morning: 'morning', mornings: 'morning', am: 'morning',
  afternoon: 'afternoon', afternoons: 'afternoon', lunchtime: 'afternoon',
  evening: 'evening', evenings: 'evening', night: 'evening', nights: 'evening', tonight: 'evening', pm: 'evening',
};
type Flag = 'free' | 'stepFree' | 'selfReferral' | 'online';
const FLAG_WORDS: Record<string, Flag> = {
  free: 'free', 'free of charge': 'free', 'no cost': 'free',
  'step free': 'stepFree', 'step free access': 'stepFree', wheelchair: 'stepFree', 'wheelchair access': 'stepFree',
  'wheelchair accessible': 'stepFree', accessible: 'stepFree', 'no steps': 'stepFree', 'level access': 'stepFree',
  'self referral': 'selfReferral', 'self refer': 'selfReferral', 'self referring': 'selfReferral', 'refer themselves': 'selfReferral',
  'no referral': 'selfReferral', 'without referral': 'selfReferral',
  online: 'online', zoom: 'online', video: 'online', virtual: 'online', remote: 'online',
};
/** Words that carry no need: "a women's group that meets on a weekday evening". */
const FILLER = new Set(['a', 'an', 'the', 'and', 'or', 'on', 'in', 'at', 'for', 'of', 'to', 'with', 'that', 'which', 'who', 'is', 'are',
  'it', 'they', 'them', 'their', 'meets', 'meet', 'meeting', 'meetings', 'group', 'groups', 'something', 'somewhere', 'support',
  'service', 'services', 'needs', 'need', 'wants', 'want', 'looking', 'near', 'nearby', 'close', 'local', 'only', 's', 'please', 'help',
  'access', 'be', 'can', 'would', 'like', 'any', 'some', 'every', 'each']);

const MAX_PHRASE_WORDS = 4;

export type ReadNeeds = { needs: Needs; unread: string[] };

/** The needs in a sentence, longest phrase first, and the words that said none. */
export function needsFromWords(text: string): ReadNeeds {
  // Apostrophes join, so "women's" reads as "womens" and then as a plural.
  const words = normaliseTerm(text.replace(/['’]/g, '')).split(' ').filter(Boolean);
  const needs: Needs = { ...NO_NEEDS, categories: [], whoFor: [], days: [], times: [] };
  const unread: string[] = [];
  const addUnique = <T>(list: T[], ...values: T[]) => { for (const v of values) if (!list.includes(v)) list.push(v); };
  let i = 0;
  while (i < words.length) {
    let used = 0;
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1 && !used; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      const singular = phrase.endsWith('s') ? phrase.slice(0, -1) : phrase;
      const day = DAY_WORDS[phrase] ?? DAY_WORDS[singular];
      const time = TIME_WORDS[phrase];
      const flag = FLAG_WORDS[phrase];
      const whoFor = codeFor('whoFor', phrase);
      const category = codeFor('category', phrase);
      if (day) addUnique(needs.days, ...day);
      else if (time) addUnique(needs.times, time);
      else if (flag) needs[flag] = true;
      // A word that names both ("faith", "criminal justice") is read as the kind of support.
      else if (category) addUnique(needs.categories, category);
      else if (whoFor) addUnique(needs.whoFor, whoFor);
      else continue;
      used = n;
    }
    if (!used) {
      if (!FILLER.has(words[i])) unread.push(words[i]);
      used = 1;
    }
    i += used;
  }
  needs.days.sort((a, b) => a - b);
  return { needs, unread };
}

/** Two sets of needs together: lists joined, flags either. */
export function mergeNeeds(a: Needs, b: Needs): Needs {
  const join = <T>(x: T[], y: T[]) => [...new Set([...x, ...y])];
  return {
    categories: join(a.categories, b.categories),
    whoFor: join(a.whoFor, b.whoFor),
    days: join(a.days, b.days).sort((x, y) => x - y),
    times: PARTS_OF_DAY.filter((t) => a.times.includes(t) || b.times.includes(t)),
    free: a.free || b.free,
    stepFree: a.stepFree || b.stepFree,
    selfReferral: a.selfReferral || b.selfReferral,
    online: a.online || b.online,
  };
}
