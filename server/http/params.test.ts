import { z } from 'zod';
import { bboxParam, csvList, limitParam } from './params';

test('bbox parses four numbers in lng,lat order', () => {
  expect(bboxParam.parse('-1.9,53.7,-1.8,53.75')).toEqual({ minLng: -1.9, minLat: 53.7, maxLng: -1.8, maxLat: 53.75 });
});

test.each([
  ['1,2,3', 'four numbers'],
  ['a,b,c,d', 'four numbers'],
  ['-200,0,0,1', 'within'],
  ['0,10,1,5', 'min must not exceed max'],
])('bbox %s is refused (%s)', (value, message) => {
  const r = bboxParam.safeParse(value);
  expect(r.success).toBe(false);
  expect(r.error!.issues[0].message).toContain(message);
});

test('csv lists accept commas and repeats, and validate each item', () => {
  const list = csvList(z.enum(['a', 'b', 'c']));
  expect(list.parse('a,b')).toEqual(['a', 'b']);
  expect(list.parse(['a', 'c,b'])).toEqual(['a', 'c', 'b']);
  const bad = list.safeParse('a,z');
  expect(bad.success).toBe(false);
  expect(bad.error!.issues[0].path).toEqual([1]);
});

test('limit defaults and clamps', () => {
  const limit = limitParam(50, 100);
  expect(limit.parse(undefined)).toBe(50);
  expect(limit.parse('20')).toBe(20);
  expect(limit.safeParse('101').success).toBe(false);
  expect(limit.safeParse('0').success).toBe(false);
});
