import { parseFeed } from './feed';
import { MAX_SESSIONS, assetInputOf, groupByVenue, timezoneOfNote } from './venues';
import { isConferenceUrl } from './conference';

const at = { latitude: 53.72, longitude: -1.86 };
const read = (feed: unknown[]) => parseFeed(JSON.stringify(feed));

test('meetings group by venue; online-only ones by group; rows number from 1', () => {
  const feed = [
    { slug: 'a', name: 'Monday', day: 1, time: '19:00', location: 'Hall', formatted_address: 'X Street, Halifax', ...at },
    { slug: 'b', name: 'Friday', day: 5, time: '7:30', location: 'hall', formatted_address: 'x street,  halifax', ...at },
    { slug: 'c', name: 'Zoom One', day: [0, 3], time: '08:00', conference_url: 'https://z.example/1', group: 'Zoomers' },
    { slug: 'c', name: 'Dup slug', day: 1, time: '10:00', ...at },
  ];
  const { meetings, problems, slugs } = read(feed);
  expect(problems).toEqual([{ row: 4, field: 'slug', message: 'is used by an earlier meeting in the feed' }]);
  expect(slugs).toEqual(['a', 'b', 'c', 'c']);
  const groups = groupByVenue(meetings);
  expect(groups.map((g) => [g.online, g.meetings.map((m) => m.slug)])).toEqual([[false, ['a', 'b']], [true, ['c']]]);
  const venue = assetInputOf(groups[0], { lat: 53.72, lng: -1.86 }, 'Europe/London');
  expect(venue).toMatchObject({ name: 'Meetings at Hall', category: 'mutual_aid' });
  expect(venue).not.toHaveProperty('scheduleNotes'); // London's times: a coordinator's own notes are left alone
  expect(venue.schedule).toEqual([
    { day: 1, start: '19:00', end: null, note: 'Monday' },
    { day: 5, start: '07:30', end: null, note: 'Friday' },
  ]);
  const online = assetInputOf(groups[1], null, 'Europe/London');
  expect(online).toMatchObject({ name: 'Zoom One', sites: [], tags: ['online'], website: 'https://z.example/1' });
  expect((online.schedule as { day: number }[]).map((e) => e.day)).toEqual([0, 3]);
});

test('type codes: audiences to who-for, X to wheelchair access, the rest to tags', () => {
  const { meetings } = read([{ slug: 'a', name: 'Women Step', day: 2, time: '18:00', types: ['W', 'ST', 'X', 'SEN'], ...at }]);
  const input = assetInputOf(groupByVenue(meetings)[0], { lat: 1, lng: 1 }, 'Europe/London');
  expect(input).toMatchObject({ whoFor: ['older_people', 'women'], wheelchairAccess: true, tags: ['step study'] });
});

test('an address that is not a place: approximate, or temporarily closed, makes an online meeting, or an inactive one', () => {
  const placeholder = { formatted_address: 'Philadelphia, PA, USA', latitude: 39.95, longitude: -75.16 };
  const { meetings, problems, warnings } = read([
    { slug: 'on', name: 'Online One', day: 1, time: '02:00', approximate: 'yes', conference_url: 'https://us02web.zoom.us/j/1', ...placeholder },
    { slug: 'tc', name: 'Closed Hall', day: 2, time: '19:00', approximate: 'no', types: ['TC', 'O'], conference_url: 'https://zoom.us/j/2', ...at },
    { slug: 'gone', name: 'Swiss', day: 3, time: '19:00', approximate: 'yes', ...placeholder },
    { slug: 'shut', name: 'Shut Hall', day: 4, time: '19:00', types: ['TC'], ...at },
    { slug: 'hybrid', name: 'Both Ways', day: 5, time: '19:00', approximate: 'no', conference_url: 'https://zoom.us/j/3', ...at },
    { slug: 'nowhere', name: 'Street Only', day: 5, time: '19:00', formatted_address: '1 Main St, Dover, DE' },
  ]);
  expect(meetings.map((m) => [m.slug, m.kind])).toEqual([['on', 'online'], ['tc', 'online'], ['gone', 'inactive'], ['shut', 'inactive'], ['hybrid', 'place']]);
  expect(problems).toEqual([{ row: 6, field: 'latitude', message: 'a meeting at an address needs latitude/longitude or a UK postcode' }]);
  expect(warnings.map((w) => [w.row, w.field])).toEqual([[3, 'conference_url'], [4, 'types']]);
  const groups = groupByVenue(meetings);
  expect(groups.map((g) => [g.key, g.online])).toEqual([['online:online one', true], ['online:closed hall', true], ['venue:|53.72000,-1.86000', false]]);
  // The temporarily closed meeting keeps its TC label, and no site.
  expect(assetInputOf(groups[1], null, 'Europe/London')).toMatchObject({ sites: [], tags: ['location temporarily closed', 'online', 'open'] });
});

test('a meeting ending at midnight is valid; an end equal to the start is the only slip, on its own row', () => {
  const { meetings, problems } = read([
    { slug: 'late', name: 'Last Call', day: 5, time: '23:00', end_time: '00:00', ...at },
    { slug: 'same', name: 'No Length', day: 5, time: '20:00', end_time: '20:00', ...at },
  ]);
  expect(problems).toEqual([{ row: 2, field: 'end_time', message: 'must differ from time' }]);
  expect(assetInputOf(groupByVenue(meetings)[0], { lat: 53.72, lng: -1.86 }, 'Europe/London').schedule).toEqual([{ day: 5, start: '23:00', end: '00:00', note: null }]);
});

test('contact details in notes are kept out and reported on their row; contact fields are never read', () => {
  const { meetings, warnings } = read([
    { slug: 'n', name: 'Notes', day: 1, time: '10:00', ...at, notes: 'Contact Laura at 917-620-5464 or laura@example.org.\nZoom ID: 639 479 9909', contact_1_name: 'Laura', email: 'x@example.org' },
  ]);
  expect(meetings[0].notes).toBe('Contact Laura at [contact details removed] or [contact details removed].\nZoom ID: 639 479 9909');
  expect(Object.keys(meetings[0])).not.toEqual(expect.arrayContaining(['contact_1_name']));
  expect(Object.keys(meetings[0])).not.toContain('email');
  expect(warnings).toEqual([{ row: 1, field: 'notes', message: expect.stringContaining('1 e-mail address and 1 phone number') }]);
});

test('many online meetings of one group are split so no asset has more than 50 sessions', () => {
  const feed = Array.from({ length: 76 }, (_, i) => ({ slug: `m${String(i).padStart(2, '0')}`, name: 'Daily', group: 'Big Group', day: i % 7, time: '08:00', conference_url: 'https://zoom.us/j/9' }));
  const groups = groupByVenue(read(feed).meetings);
  expect(groups.map((g) => g.meetings.length)).toEqual([MAX_SESSIONS, 26]);
});

test('time zones are noted for times not in Europe/London, and read back', () => {
  const { meetings } = read([{ slug: 'z', name: 'Zoom', day: 1, time: '02:00', conference_url: 'https://zoom.us/j/1' }]);
  const input = assetInputOf(groupByVenue(meetings)[0], null, 'America/New_York');
  expect(input.scheduleNotes).toBe('Times are America/New_York time.');
  expect(timezoneOfNote(input.scheduleNotes as string)).toBe('America/New_York');
  expect(timezoneOfNote('Bring a chair.')).toBeNull();
  const own = read([{ slug: 'y', name: 'Zoom', day: 1, time: '02:00', conference_url: 'https://zoom.us/j/1', timezone: 'Pacific/Auckland' }, { slug: 'x', name: 'Zed', day: 1, time: '02:00', conference_url: 'https://zoom.us/j/1', timezone: 'Mars/Base' }]);
  expect(own.meetings.map((m) => m.timezone)).toEqual(['Pacific/Auckland', undefined]);
  expect(own.warnings).toEqual([{ row: 2, field: 'timezone', message: "is not a time zone name (IANA): the feed's is used" }]);
});

test('conference links are links that join a meeting, not web pages', () => {
  for (const u of ['https://us02web.zoom.us/j/123', 'https://meet.google.com/abc-defg-hij', 'https://discord.gg/x', 'https://teams.microsoft.com/l/meetup-join/1']) expect(isConferenceUrl(u)).toBe(true);
  for (const u of ['https://sussexaa.org/meetings/x/', 'https://www.facebook.com/groups/1', 'https://notzoom.us/j/1', 'mailto:a@b.c', null]) expect(isConferenceUrl(u)).toBe(false);
});
