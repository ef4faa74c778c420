import { phoneOf, sessionOf, timeOf, websiteOf } from './hsds-values';

test('times as directories write them, read as 24-hour HH:MM', () => {
  const cases: [string, string | undefined][] = [
    ['16:00', '16:00'], ['16:00:00', '16:00'], ['4:00pm', '16:00'], ['4 pm', '16:00'], ['7:30 am ', '07:30'], ['9:0am', '09:00'],
    ['830am', '08:30'], ['0930', '09:30'], ['12:00am', '00:00'], ['12:30pm', '12:30'], ['9am', '09:00'],
    ['5:00', '05:00'], ['24:00', undefined], ['13:00pm', undefined], ['noon', undefined], ['', undefined], ['9', undefined],
  ];
  for (const [raw, want] of cases) expect([raw, timeOf(raw)]).toEqual([raw, want]);
});

test('a session ending past midnight ends the next day (an earlier end); round the clock is an open end, in words', () => {
  expect(sessionOf('4:00pm', '12:00am', null)).toEqual({ start: '16:00', end: '00:00', note: null });
  expect(sessionOf('10:00pm', '2:00am', 'Night café')).toEqual({ start: '22:00', end: '02:00', note: 'Night café' });
  expect(sessionOf('8:00am', '8:00am', null)).toEqual({ start: '08:00', end: null, note: 'until the same time the next day' });
  // No am/pm on the closing time: read after the opening ("9:00am–5:00" closes at 17:00).
  expect(sessionOf('9:00am', '5:00', null)).toEqual({ start: '09:00', end: '17:00', note: null });
  expect(sessionOf('09:00', '17:00', null)).toEqual({ start: '09:00', end: '17:00', note: null });
  expect(sessionOf('9:00am', '', null)).toEqual({ start: '09:00', end: null, note: null });
  expect(sessionOf('', '5:00pm', null)).toBeUndefined();
});

test('websites get a scheme when they have none; phone extensions are kept', () => {
  expect(websiteOf('www.example.org')).toBe('http://www.example.org');
  expect(websiteOf('https://example.org/x')).toBe('https://example.org/x');
  expect(websiteOf('example.org:8080/x')).toBe('http://example.org:8080/x');
  expect(websiteOf('  ')).toBeUndefined();
  expect(phoneOf('305-573-4200 x57471')).toBe('305-573-4200 x57471');
  expect(phoneOf('0300 123 4567', '204')).toBe('0300 123 4567 x204');
  expect(phoneOf('01422 300300 ext. 12')).toBe('01422 300300 x12');
  expect(phoneOf('')).toBeUndefined();
});
