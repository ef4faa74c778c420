import { assetInputOf, groupByVenue, parseFeed } from './feed';

const at = { latitude: 53.72, longitude: -1.86 };

test('meetings group by venue; online-only ones by group; rows number from 1', () => {
  const feed = [
    { slug: 'a', name: 'Monday', day: 1, time: '19:00', location: 'Hall', formatted_address: 'X Street, Halifax', ...at },
    { slug: 'b', name: 'Friday', day: 5, time: '7:30', location: 'hall', formatted_address: 'x street,  halifax', ...at },
    { slug: 'c', name: 'Zoom One', day: [0, 3], time: '08:00', conference_url: 'https://z.example/1', group: 'Zoomers' },
    { slug: 'c', name: 'Dup slug', day: 1, time: '10:00', ...at },
  ];
  const { meetings, problems, slugs } = parseFeed(JSON.stringify(feed));
  expect(problems).toEqual([{ row: 4, field: 'slug', message: 'is used by an earlier meeting in the feed' }]);
  expect(slugs).toEqual(['a', 'b', 'c', 'c']);
  const groups = groupByVenue(meetings);
  expect(groups.map((g) => [g.online, g.meetings.map((m) => m.slug)])).toEqual([[false, ['a', 'b']], [true, ['c']]]);
  const venue = assetInputOf(groups[0], () => ({ lat: 53.72, lng: -1.86 }));
  expect(venue).toMatchObject({ name: 'Meetings at Hall', category: 'mutual_aid' });
  expect(venue.schedule).toEqual([
    { day: 1, start: '19:00', end: null, note: 'Monday' },
    { day: 5, start: '07:30', end: null, note: 'Friday' },
  ]);
  const online = assetInputOf(groups[1], () => null);
  expect(online).toMatchObject({ name: 'Zoom One', sites: [], tags: ['online'], website: 'https://z.example/1' });
  expect((online.schedule as { day: number }[]).map((e) => e.day)).toEqual([0, 3]);
});

test('type codes: audiences to who-for, X to wheelchair access, the rest to tags', () => {
  const { meetings } = parseFeed(JSON.stringify([{ slug: 'a', name: 'Women Step', day: 2, time: '18:00', types: ['W', 'ST', 'X', 'SEN'], ...at }]));
  const input = assetInputOf(groupByVenue(meetings)[0], () => ({ lat: 1, lng: 1 }));
  expect(input).toMatchObject({ whoFor: ['older_people', 'women'], wheelchairAccess: true, tags: ['step study'] });
});

test('a meeting with no place and no online link is a problem, not a guess', () => {
  expect(parseFeed(JSON.stringify([{ slug: 1, name: 'Nowhere', day: 1, time: '10:00' }])).problems).toEqual([
    { row: 1, field: 'latitude', message: 'a meeting needs latitude/longitude, a postcode, or a conference_url/conference_phone' },
  ]);
});
