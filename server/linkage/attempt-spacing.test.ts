import { keepsSpacing, nextAttemptAdvice, partOfDay, spacingWords } from './attempt-spacing';

const rule = { differentDays: true, differentTimesOfDay: true };

test('parts of the day are read in UK time (BST in summer, GMT in winter)', () => {
  expect(partOfDay(new Date('2026-07-01T10:30:00Z'))).toBe('morning'); // 11:30 BST
  expect(partOfDay(new Date('2026-07-01T11:30:00Z'))).toBe('afternoon'); // 12:30 BST
  expect(partOfDay(new Date('2026-12-01T16:59:00Z'))).toBe('afternoon'); // 16:59 GMT
  expect(partOfDay(new Date('2026-12-01T17:00:00Z'))).toBe('evening');
});

test('the rule: different days, and a different part of the day from the attempt before', () => {
  expect(keepsSpacing([new Date('2026-12-01T09:00:00Z'), new Date('2026-12-02T14:00:00Z'), new Date('2026-12-04T10:00:00Z')], rule)).toBe(true);
  // Same day twice.
  expect(keepsSpacing([new Date('2026-12-01T09:00:00Z'), new Date('2026-12-01T14:00:00Z')], rule)).toBe(false);
  // Two mornings in a row.
  expect(keepsSpacing([new Date('2026-12-01T09:00:00Z'), new Date('2026-12-02T10:00:00Z')], rule)).toBe(false);
  expect(keepsSpacing([new Date('2026-12-01T09:00:00Z'), new Date('2026-12-02T10:00:00Z')], { differentDays: true, differentTimesOfDay: false })).toBe(true);
  // 23:30 GMT on the 1st and 00:30 on the 2nd are different UK days.
  expect(keepsSpacing([new Date('2026-12-01T23:30:00Z'), new Date('2026-12-02T00:30:00Z')], { differentDays: true, differentTimesOfDay: false })).toBe(true);
});

test('the rule and the next attempt in words', () => {
  expect(spacingWords(rule)).toBe('Each further attempt is made on a different day and at a different time of day (morning, afternoon, evening) from the attempt before.');
  expect(spacingWords(undefined)).toMatch(/No spacing rule/);
  expect(nextAttemptAdvice([new Date('2026-12-01T09:00:00Z')], rule)).toBe('Next attempt: not on 2026-12-01, and not in the morning (UK time).');
  expect(nextAttemptAdvice([], rule)).toBeNull();
});
