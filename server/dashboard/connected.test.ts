import { wilson } from '../stats/proportion';
import { newcombeDifference } from '../stats/proportion';
import { changeSentence, connectionSentence, treatmentPathways, verdictOf, weakestPairs } from './connected';
import type { MatrixCell } from '../linkage/types';

test('the headline sentence: 3 of 6 is 50 in 100, Wilson 95% CI 0.1876–0.8124 by hand', () => {
  const r = wilson(3, 6);
  expect(r.lower!).toBeCloseTo(0.1876, 3);
  expect(r.upper!).toBeCloseTo(0.8124, 3);
  expect(connectionSentence(r)).toBe('When we called services and asked about another, 50 in 100 could tell us how to reach it (95% CI 19–81; 3 of 6 calls).');
  expect(connectionSentence(wilson(0, 0))).toBeNull();
});

test('the change: 5/6 after 3/6 is 33 more in 100, Newcombe CI −17 to 67 by hand, so no clear change', () => {
  const d = newcombeDifference(5, 6, 3, 6);
  expect(d.lower!).toBeCloseTo(-0.1717, 3);
  expect(d.upper!).toBeCloseTo(0.6743, 3);
  expect(changeSentence('Spring', d)).toBe('Compared with Spring, 33 more in 100 (95% CI −17 to 67 in 100): no clear change.');
  expect(verdictOf({ estimate: 0.2, lower: 0.05, upper: 0.3 })).toBe('better');
  expect(verdictOf({ estimate: -0.2, lower: -0.3, upper: -0.01 })).toBe('worse');
  expect(verdictOf({ estimate: null, lower: null, upper: null })).toBe('not enough data');
  expect(changeSentence('Spring', { estimate: -0.2, lower: -0.3, upper: -0.1 })).toBe('Compared with Spring, 20 fewer in 100 (95% CI −30 to −10 in 100): worse.');
});

test('the three weakest category pairs by the contact-details rate', () => {
  const cell = (from: string, to: string, x: number, n: number): MatrixCell => ({ from, to, closed: n, reached: n, reach: wilson(n, n), knew: wilson(x, n), information: wilson(x, n), referral: wilson(0, n), amongReached: { knew: wilson(x, n), information: wilson(x, n), referral: wilson(0, n) } });
  const w = weakestPairs([cell('a', 'b', 4, 5), cell('a', 'c', 1, 5), cell('b', 'c', 1, 2), cell('c', 'a', 3, 4), cell('d', 'a', 0, 0)]);
  expect(w.map((x) => [x.from, x.to, x.rate.estimate])).toEqual([['a', 'c', 0.2], ['b', 'c', 0.5], ['c', 'a', 0.75]]);
});

test('treatment to mutual aid: tested when asked and closed, working when outcome ≥ 2', () => {
  const t = treatmentPathways([{ id: 't1', name: 'T1' }, { id: 't2', name: 'T2' }, { id: 't3', name: 'T3' }], [
    { aId: 't1', bCategory: 'mutual_aid', status: 'reached', outcome: 3 },
    { aId: 't2', bCategory: 'mutual_aid', status: 'reached', outcome: 1 },
    { aId: 't2', bCategory: 'housing', status: 'reached', outcome: 3 },
    { aId: 't3', bCategory: 'mutual_aid', status: 'open', outcome: null },
  ]);
  expect(t).toMatchObject({ services: 3, tested: 2, working: 1, everyService: false, without: ['T2', 'T3'] });
  expect(t.sentence).toBe('1 of 3 treatment services have a tested pathway to mutual aid (2 were asked about a mutual-aid group; 1 could say how to reach one). Not every treatment service has one yet.');
});
