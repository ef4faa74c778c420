/** The client's schedule wording (client/src/shared/schedule.ts), against sentences written by hand. */
import { describeSchedule } from '../../client/src/shared/schedule';

describe('describeSchedule', () => {
  const at = (day: number, start: string, end: string | null = null, note: string | null = null) => ({ day, start, end, note });

  it('says one weekly session as a plural day and a time range', () => {
    expect(describeSchedule([at(2, '19:00', '20:30')])).toEqual(['Tuesdays 19:00–20:30']);
  });

  it('joins days that share times', () => {
    expect(describeSchedule([at(4, '10:00', '12:00'), at(1, '10:00', '12:00')])).toEqual(['Mondays and Thursdays 10:00–12:00']);
  });

  it('reads three or more days in a row as a range, Monday first', () => {
    expect(describeSchedule([1, 2, 3, 4, 5].map((d) => at(d, '09:00', '17:00')))).toEqual(['Monday to Friday 09:00–17:00']);
    expect(describeSchedule([1, 2, 3, 5].map((d) => at(d, '09:00', '17:00')))).toEqual(['Monday to Wednesday and Fridays 09:00–17:00']);
  });

  it('treats Sunday as the end of the week, not the start', () => {
    expect(describeSchedule([at(0, '11:00', '12:00'), at(6, '11:00', '12:00')])).toEqual(['Saturdays and Sundays 11:00–12:00']);
    expect(describeSchedule([at(0, '11:00', '12:00'), at(1, '11:00', '12:00')])).toEqual(['Mondays and Sundays 11:00–12:00']);
  });

  it('says every day, an open end and a note', () => {
    expect(describeSchedule([0, 1, 2, 3, 4, 5, 6].map((d) => at(d, '08:00', '20:00')))).toEqual(['Every day 08:00–20:00']);
    expect(describeSchedule([at(3, '19:00')])).toEqual(['Wednesdays from 19:00']);
    expect(describeSchedule([at(5, '12:00', '13:00', 'first Friday of the month')])).toEqual(['Fridays 12:00–13:00 (first Friday of the month)']);
  });

  it('gives different times their own lines, in week order then by start', () => {
    expect(describeSchedule([at(0, '10:00', '11:00'), at(1, '18:00', '19:00'), at(1, '09:00', '10:00')])).toEqual([
      'Mondays 09:00–10:00',
      'Mondays 18:00–19:00',
      'Sundays 10:00–11:00',
    ]);
    expect(describeSchedule([])).toEqual([]);
  });
});
