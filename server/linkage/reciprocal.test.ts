import { withReverses } from './reciprocal';

test('each pair is followed by its reverse; a reverse already drawn is not added twice', () => {
  const forward = [
    { pairNumber: 1, aId: 'a', bId: 'b', stratum: 'all' },
    { pairNumber: 2, aId: 'c', bId: 'd', stratum: 'all' },
    { pairNumber: 3, aId: 'b', bId: 'a', stratum: 'all' },
  ];
  expect(withReverses(forward).map((p) => `${p.pairNumber}:${p.aId}>${p.bId}`)).toEqual(['1:a>b', '2:b>a', '3:c>d', '4:d>c']);
});
