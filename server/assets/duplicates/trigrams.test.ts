import { asciiTrigramIds, asciiTrigrams, trigramIds } from './trigrams';

/** asciiTrigramIds is trigramIds over asciiTrigrams, without the strings. */
test("a plain ASCII name's trigram ids, worked by hand", () => {
  // "Oak 2!" → runs "oak" and "2", padded "  oak " and "  2 ".
  expect(asciiTrigrams('Oak 2!')).toEqual(['  o', ' oa', 'oak', 'ak ', '  2', ' 2 ']);
  const code = (t: string) => (t.charCodeAt(0) << 16) | (t.charCodeAt(1) << 8) | t.charCodeAt(2);
  expect([...asciiTrigramIds('Oak 2!')!]).toEqual(['  o', ' oa', 'oak', 'ak ', '  2', ' 2 '].map(code).sort((a, b) => a - b));
  // Each trigram once: "Oak oak" has those of "oak".
  expect(asciiTrigramIds('Oak oak')).toEqual(asciiTrigramIds('oak'));
  expect(asciiTrigramIds('Café')).toBeNull();
});

test('the same ids as trigramIds over asciiTrigrams, for names of every shape', () => {
  const names = ['', '-', 'a', 'AA', 'St. John\'s 12-step', 'Halifax  Recovery   Café'.replace('é', 'e'), 'group_2', 'x1y2z3', 'Recovery Recovery Walk'];
  for (const name of names) expect(asciiTrigramIds(name)).toEqual(trigramIds([asciiTrigrams(name)!])[0]);
});
