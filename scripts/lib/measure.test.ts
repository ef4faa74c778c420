import { percentile } from './measure';

describe('percentile (nearest rank)', () => {
  // Worked by hand: rank = ceil(p/100 × n), 1-based.
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  test('p50 of 1..10 is the 5th value', () => expect(percentile(ten, 50)).toBe(5));
  test('p99 of 1..10 is the 10th value', () => expect(percentile(ten, 99)).toBe(10));
  test('p99 of 1..200 is the 198th value', () => {
    const values = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(percentile(values, 99)).toBe(198);
  });
  test('one value is every percentile', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 100)).toBe(7);
  });
  test('no values is an error', () => expect(() => percentile([], 50)).toThrow('no values'));
});
