import { parseScheduleText, scheduleText } from './schedule-text';

test('weekly times as people write them', () => {
  expect(parseScheduleText('Tue 19:00-20:30; Sat 10:00 (Beginners)')).toEqual([
    { day: 2, start: '19:00', end: '20:30', note: null },
    { day: 6, start: '10:00', end: null, note: 'Beginners' },
  ]);
  expect(parseScheduleText('Tuesdays 7:30pm - 9pm')).toEqual([{ day: 2, start: '19:30', end: '21:00', note: null }]);
  expect(parseScheduleText('Sunday 12am to 1.15am')).toEqual([{ day: 0, start: '00:00', end: '01:15', note: null }]);
  expect(parseScheduleText('')).toEqual([]);
});

test('text that is not weekly times is not a schedule (the import keeps it as notes)', () => {
  for (const t of ['Second Tuesday of the month', 'Tue 7', 'Funday 10:00', 'Mon 25:00', 'Mon 13pm']) expect(parseScheduleText(t)).toBeNull();
});

test('export and read back lose nothing, JSON when a note holds ; or brackets', () => {
  const plain = [{ day: 1, start: '18:00', end: '19:00', note: 'Open meeting' }, { day: 5, start: '09:30', end: null, note: null }];
  expect(scheduleText(plain)).toBe('Mon 18:00-19:00 (Open meeting); Fri 09:30');
  expect(parseScheduleText(scheduleText(plain))).toEqual(plain);
  const awkward = [{ day: 3, start: '12:00', end: null, note: 'Room 2 (upstairs); ring bell' }];
  expect(scheduleText(awkward)).toBe('[{"day":3,"start":"12:00","end":null,"note":"Room 2 (upstairs); ring bell"}]');
  expect(parseScheduleText(scheduleText(awkward))).toEqual(awkward);
});
