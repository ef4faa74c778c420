import { parseDatetime } from './datetime';

test('instants, closed and half-open intervals', () => {
  expect(parseDatetime('2026-01-02T03:04:05Z')).toEqual({ start: new Date('2026-01-02T03:04:05Z'), end: new Date('2026-01-02T03:04:05Z'), instant: true });
  expect(parseDatetime('2026-01-01T00:00:00Z/2026-02-01T00:00:00Z')).toEqual({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-02-01T00:00:00Z'), instant: false });
  expect(parseDatetime('../2026-02-01T00:00:00+01:00')).toEqual({ start: null, end: new Date('2026-01-31T23:00:00Z'), instant: false });
  expect(parseDatetime('2026-01-01/..')).toEqual({ start: new Date('2026-01-01T00:00:00Z'), end: null, instant: false });
  expect(parseDatetime('2026-01-01T00:00:00Z/')).toMatchObject({ end: null });
});

test('bad values say what is wrong', () => {
  expect(parseDatetime('yesterday')).toMatch(/RFC 3339/);
  expect(parseDatetime('../..')).toMatch(/closed end/);
  expect(parseDatetime('2026-02-01/2026-01-01')).toMatch(/start/);
  expect(parseDatetime('a/b/c')).toMatch(/interval/);
});
