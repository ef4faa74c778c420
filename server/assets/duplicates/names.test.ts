import {
  EQUAL_WEIGHTS, boundName, countName, diceUpperBound, nameTokens, oneSlipApart, rawWords, stemOf, termWeight, tokensOfWord, weighName, weightRange,
  weightedDice, weightedNameScore, weightsFromWordCounts, weightsOfNames, wordsToCount, type EarlierRows, type TermWeights,
} from './names';

test('words in one spelling: initials, Saint/Street, days, times of day and lone letters', () => {
  expect(nameTokens("Alcoholics Anonymous – St Mary's, Halifax Thurs 7:30pm")).toEqual(['aa', 'st', 'mary', 'halifax', 'thursday']);
  expect(nameTokens('Early Birds 12 & 12')).toEqual(['early', 'birds', '12']);
  expect(nameTokens('Twelve and Twelve Group')).toEqual(['12', 'group']);
});

test('one slip apart: a letter dropped, doubled, changed, or two swapped; words of 4 letters or more', () => {
  expect(oneSlipApart('recovery', 'recovry')).toBe(true);
  expect(oneSlipApart('running', 'runing')).toBe(true);
  expect(oneSlipApart('friday', 'firday')).toBe(true);
  expect(oneSlipApart('choir', 'chair')).toBe(true);
  expect(oneSlipApart('choir', 'chairs')).toBe(false);
  expect(oneSlipApart('club', 'clubs')).toBe(true);
  expect(oneSlipApart('aa', 'na')).toBe(false);
  expect(oneSlipApart('halifax', 'elland')).toBe(false);
});

test('a word in a third of the names says little: ln((N + 20) / (n + 1)), worked by hand', () => {
  const w: TermWeights = { names: 1000, counts: { recovery: 333, jobs: 1 } };
  expect(termWeight(w, 'recovery')).toBeCloseTo(Math.log(1020 / 334), 10); // 1.12
  expect(termWeight(w, 'jobs')).toBeCloseTo(Math.log(1020 / 2), 10); // 6.23
  expect(termWeight(w, 'unseen')).toBeCloseTo(Math.log(1020), 10);
  // No registry: all the same, so the score is the plain Dice coefficient.
  expect(termWeight(EQUAL_WEIGHTS, 'recovery')).toBe(termWeight(EQUAL_WEIGHTS, 'jobs'));
});

test('weighted Dice: common words shared count for little, rare words unshared for much', () => {
  // recovery, halifax in 5 of 10 names: ln(30/6) = 1.609; club, jobs, running in none: ln 30 = 3.401.
  // Matched both sides: 2 × (1.609 + 1.609 + 3.401) = 13.238; total 2 × (1.609 × 2 + 3.401 × 2) = 20.04 → 0.661.
  const w: TermWeights = { names: 10, counts: { recovery: 5, halifax: 5 } };
  const a = nameTokens('Halifax Jobs Club for Recovery');
  const b = nameTokens('Recovery Running Club – Halifax');
  const lo = Math.log(30 / 6);
  const hi = Math.log(30);
  expect(weightedNameScore(a, b, w)).toBeCloseTo((2 * (2 * lo + hi)) / (2 * (2 * lo + 2 * hi)), 10);
  expect(weightedNameScore(a, b)).toBeCloseTo(6 / 8, 10); // equal weights: plain Dice
});

test('registry counts: every spelling of a word counted for it', () => {
  expect(wordsToCount(['AA – Halifax St'])).toEqual(expect.arrayContaining(['aa', 'alcoholics', 'halifax', 'st', 'saint', 'street']));
  const w = weightsFromWordCounts(40, { alcoholics: 3, aa: 5, saint: 2, st: 4, halifax: 12 });
  expect(w).toEqual({ names: 40, counts: { aa: 8, alcoholics: 3, st: 6, halifax: 12 } });
  const counted = weightsOfNames(['AA Halifax', 'Alcoholics Anonymous – Elland']);
  expect(counted.names).toBe(2);
  expect(counted.counts).toMatchObject({ aa: 2, halifax: 1, elland: 1 });
  countName(counted, ['halifax', 'choir']);
  expect(counted).toMatchObject({ names: 3, counts: { halifax: 2, choir: 1 } });
});

test('the bound over whichever earlier rows of a batch were accepted is never below the score', () => {
  // A registry of 30 names; a batch of 6 rows judged in order, the last against the first.
  const registry = weightsOfNames(Array.from({ length: 30 }, (_, i) => (i % 3 ? `Recovery Group ${i}` : `Halifax Walk ${i}`)));
  const rows = ['Recovery Choir Halifax', 'Halifax Recovery Cafe', 'Recovery Running Club', 'Halifax Jobs Club', 'Choir Walk St Saint', 'Recovry Choir Halifax'];
  const later = rows.length - 1;
  const earlierRows = (t: string): EarlierRows => {
    const holding = rows.slice(0, later).map((r) => rawWords(r).flatMap(tokensOfWord).filter((x) => x === t).length);
    return { rows: holding.filter((n) => n > 0).length, counted: holding.reduce((a, b) => a + b, 0), before: later };
  };
  const bounded = (name: string) => {
    const tokens = nameTokens(name);
    return boundName(tokens, tokens.map(stemOf), tokens.map((t) => weightRange(registry, t, earlierRows(t))));
  };
  const bound = diceUpperBound(bounded(rows[later]), bounded(rows[0]));
  // Every one of the 32 sets of earlier rows that may have been accepted.
  for (let mask = 0; mask < 2 ** later; mask++) {
    const now = weightsOfNames(rows.slice(0, later).filter((_, i) => mask & (1 << i)), registry);
    const exact = weightedDice(weighName(nameTokens(rows[later]), now), weighName(nameTokens(rows[0]), now));
    expect(bound).toBeGreaterThanOrEqual(exact);
  }
  expect(bound).toBeLessThan(1);
});
