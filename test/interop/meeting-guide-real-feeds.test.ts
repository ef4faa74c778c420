import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createTestContext, type Client, type TestContext } from '../harness';
import { rawUploader } from './raw-upload';

/**
 * Real Meeting Guide feeds (test/fixtures/meeting-guide: code4recovery/tsml-ui's public
 * data, MIT), imported in the default mode (all or nothing) with the counts checked
 * against the source. Expected counts come from the feed by the spec's rules, written
 * here independently of the importer, and are cross-checked against `attendance_option`,
 * which the publishing software (TSML) computed itself:
 *
 * - online only: a conference link, and an address that is not a place (`approximate`
 *   "yes", or the location temporarily closed, TC);
 * - inactive: neither a place nor a link;
 * - in person (or hybrid): an address that is a place; imported when inside the
 *   partnership's area (boundary + 5 km), otherwise counted as outside.
 *
 * Hand-checked: sussexaa.json is Sussex County, Delaware (USA): 123 meetings, 95 at places
 * (94 in person, 1 hybrid), 28 online (12 "approximate", 16 TC with a Zoom link), one
 * meeting 23:00–00:00 ("last-call"). eda.json: 185 meetings, 100 online (76 of them at
 * the placeholder "Philadelphia, PA, USA"), 84 at places, 1 inactive ("switzerland-2"),
 * one in-person meeting in London (Soho, 125 Charing Cross Rd).
 */
type Raw = Record<string, any>;
const load = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'meeting-guide', `${name}.json`), 'utf8');
const SUSSEX = load('sussexaa');
const EDA = load('eda');

const isTC = (m: Raw) => (m.types ?? []).includes('TC');
const joinable = (m: Raw) => Boolean(m.conference_url || m.conference_phone);
const addressIsPlace = (m: Raw) => m.approximate !== 'yes' && !isTC(m);
const onlineOnly = (m: Raw) => !addressIsPlace(m) && joinable(m);
const inactive = (m: Raw) => !addressIsPlace(m) && !joinable(m);
const atPlace = (m: Raw) => addressIsPlace(m) && typeof m.latitude === 'number';

type Box = { minLng: number; minLat: number; maxLng: number; maxLat: number };
const inBox = (m: Raw, b: Box) => m.longitude >= b.minLng && m.longitude <= b.maxLng && m.latitude >= b.minLat && m.latitude <= b.maxLat;
/** Kilometres from a box (equirectangular; enough to show no point sits near the 5 km margin). */
const kmFromBox = (m: Raw, b: Box) => {
  const dLat = Math.max(b.minLat - m.latitude, 0, m.latitude - b.maxLat) * 111.2;
  const dLng = Math.max(b.minLng - m.longitude, 0, m.longitude - b.maxLng) * 111.2 * Math.cos((m.latitude * Math.PI) / 180);
  return Math.hypot(dLat, dLng);
};
const polygon = (b: Box) => ({ type: 'MultiPolygon', coordinates: [[[[b.minLng, b.minLat], [b.maxLng, b.minLat], [b.maxLng, b.maxLat], [b.minLng, b.maxLat], [b.minLng, b.minLat]]]] });
const HALIFAX: Box = { minLng: -1.91, minLat: 53.69, maxLng: -1.81, maxLat: 53.75 }; // test/fixture.ts
const SUSSEX_COUNTY_DE: Box = { minLng: -75.8, minLat: 38.4, maxLng: -74.95, maxLat: 38.98 };
const LONDON: Box = { minLng: -0.51, minLat: 51.28, maxLng: 0.33, maxLat: 51.69 };

let ctx: TestContext;
let coord: Client;
let upload: Awaited<ReturnType<typeof rawUploader>>;
beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
  upload = await rawUploader(ctx.app, 'coordinator');
});
afterAll(async () => ctx.close());

const setBoundary = (b: Box) => ctx.db.knex('partnership').update({ boundary: ctx.db.knex.raw('ST_SetSRID(ST_GeomFromGeoJSON(?), 4326)', [JSON.stringify(polygon(b))]) });
const importFeed = (text: string, query: string) => upload(`/api/imports/meeting-guide?${query}`, text, 'application/json');
const assetsOf = async (source: string) =>
  ctx.db.knex('external_ref as r').join('asset as a', 'a.id', 'r.asset_id').where('r.source_key', source).distinct('a.id').pluck('a.id');

function expectedCounts(feed: Raw[], box: Box) {
  const places = feed.filter(atPlace);
  // No point near the margin: the count inside the box is the count inside the area.
  for (const m of places) if (!inBox(m, box)) expect(kmFromBox(m, box)).toBeGreaterThan(10);
  return {
    online: feed.filter(onlineOnly).length,
    inactive: feed.filter(inactive).length,
    inPerson: places.filter((m) => inBox(m, box)).length,
    outside: places.filter((m) => !inBox(m, box)).length,
  };
}

describe('Sussex AA (Delaware): 123 meetings', () => {
  const feed: Raw[] = JSON.parse(SUSSEX);

  test('the spec rules agree with the feed\'s own attendance_option', () => {
    const by = (o: string) => feed.filter((m) => m.attendance_option === o).length;
    expect([feed.length, feed.filter(onlineOnly).length, feed.filter(atPlace).length, feed.filter(inactive).length, feed.filter(isTC).length]).toEqual([123, 28, 95, 0, 16]);
    expect([by('online'), by('in_person') + by('hybrid')]).toEqual([28, 95]);
  });

  test('a partnership in Halifax imports the online meetings and counts the rest as outside its area', async () => {
    const want = expectedCounts(feed, HALIFAX);
    expect(want).toEqual({ online: 28, inactive: 0, inPerson: 0, outside: 95 });
    const res = await importFeed(SUSSEX, 'source=sussex&timezone=America/New_York');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      meetings: 123, imported: { inPerson: want.inPerson, online: want.online }, notImported: { outsideArea: want.outside, inactive: 0 }, problems: [], held: [],
    });
    expect(res.body.summary).toContain("outside the partnership's area: 95 (not imported)");
    const ids = await assetsOf('sussex');
    expect(ids).toHaveLength(res.body.created);
    const assets = await Promise.all(ids.map(async (id) => (await coord.get(`/api/assets/${id}`)).body));
    // Online meetings have no place: never an exact site at a street address or a county centre.
    for (const a of assets) expect({ name: a.name, sites: a.sites, online: a.tags.includes('online'), tz: a.scheduleNotes }).toEqual({ name: a.name, sites: [], online: true, tz: 'Times are America/New_York time.' });
    const tcSessions = assets.filter((a) => a.tags.includes('location temporarily closed')).flatMap((a) => a.schedule).length;
    expect(tcSessions).toBe(feed.filter((m) => isTC(m)).length);
    expect(await ctx.db.knex('asset').where({ status: 'published' }).count('* as n')).toEqual([{ n: 0 }]);
  });

  test('with a boundary around Sussex County every place comes in, the midnight meeting with it', async () => {
    await setBoundary(SUSSEX_COUNTY_DE);
    const want = expectedCounts(feed, SUSSEX_COUNTY_DE);
    expect(want).toEqual({ online: 28, inactive: 0, inPerson: 95, outside: 0 });
    const res = await importFeed(SUSSEX, 'source=sussex&timezone=America/New_York');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: { inPerson: 95, online: 28 }, notImported: { outsideArea: 0, inactive: 0 }, problems: [], unchanged: 16 });
    const lastCall = await ctx.db.knex('external_ref').where({ source_key: 'sussex', external_id: 'last-call' }).first('asset_id');
    const venue = (await coord.get(`/api/assets/${lastCall.asset_id}`)).body;
    expect(venue.schedule).toContainEqual(expect.objectContaining({ day: feed.find((m) => m.slug === 'last-call')!.day, start: '23:00', end: '00:00' }));
    const row = feed.find((m) => m.slug === 'last-call')!;
    expect(venue.sites[0]).toMatchObject({ venueName: 'Epworth United Methodist Church', address: '19285 Holland Glade Rd, Rehoboth Beach, DE 19971, USA', lat: row.latitude, lng: row.longitude });
  });
});

describe('Eating Disorders Anonymous: 185 meetings worldwide', () => {
  const feed: Raw[] = JSON.parse(EDA);

  test('the spec rules agree with the feed\'s own attendance_option', () => {
    const by = (o: string) => feed.filter((m) => m.attendance_option === o).length;
    expect([feed.length, feed.filter(onlineOnly).length, feed.filter(atPlace).length, feed.filter(inactive).length]).toEqual([185, 100, 84, 1]);
    expect([by('online'), by('in_person') + by('hybrid'), by('inactive')]).toEqual([100, 84, 1]);
  });

  test('in Halifax: 100 online meetings in, none at the shared placeholder address as a venue; 84 outside; 1 inactive', async () => {
    await setBoundary(HALIFAX);
    const want = expectedCounts(feed, HALIFAX);
    const res = await importFeed(EDA, 'source=eda&timezone=America/New_York');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ meetings: 185, imported: { inPerson: 0, online: want.online }, notImported: { outsideArea: want.outside, inactive: want.inactive }, problems: [] });
    const switzerland = feed.findIndex((m) => m.slug === 'switzerland-2') + 1;
    expect(res.body.warnings).toContainEqual(expect.objectContaining({ row: switzerland, message: expect.stringContaining('not imported') }));
    const rows = await ctx.db.knex('asset as a').whereIn('a.id', await assetsOf('eda')).select('a.id', ctx.db.knex.raw('jsonb_array_length(a.schedule) AS sessions'));
    expect(Math.max(...rows.map((r) => Number(r.sessions)))).toBeLessThanOrEqual(50);
    expect(await ctx.db.knex('asset_site').whereIn('asset_id', rows.map((r) => r.id)).count('* as n')).toEqual([{ n: 0 }]);
  });

  test('contact details written in notes are reported per row and never stored', async () => {
    // Hand-checked examples from the feed's notes: an e-mail and a phone number of members.
    for (const detail of ['716-320-1034', 'edawesternny@gmail.com', 'ringhome@pacbell.net', '619-895-0042']) expect(EDA).toContain(detail);
    const res = await importFeed(EDA, 'source=eda&timezone=America/New_York');
    expect(res.body).toMatchObject({ created: 0, updated: 0 });
    const emails = feed.flatMap((m) => (m.email ? [m.email] : []));
    for (const table of ['asset', 'asset_version', 'audit_log']) {
      const { rows } = await ctx.db.knex.raw(
        `SELECT count(*)::int AS n FROM ?? t WHERE to_jsonb(t)::text ILIKE ANY (?)`,
        [table, ['%716-320-1034%', '%edawesternny@gmail.com%', '%619-895-0042%', '%ringhome@pacbell.net%', ...emails.map((e) => `%${e}%`)]],
      );
      expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
    }
    // The importer's first read reported them: every online meeting with a detail in its notes.
    const first = await importFeed(EDA, 'source=eda-again&timezone=America/New_York');
    const flagged = first.body.warnings.filter((w: { message: string }) => w.message.startsWith('kept out of the public text'));
    expect(flagged.length).toBeGreaterThan(0);
    for (const w of flagged) expect(onlineOnly(feed[w.row - 1])).toBe(true);
  });

  test('with a boundary around London the Soho meeting comes in; Leigh-on-Sea (22 km out) does not', async () => {
    await setBoundary(LONDON);
    const want = expectedCounts(feed, LONDON);
    expect(want.inPerson).toBe(1);
    const res = await importFeed(EDA, 'source=eda&timezone=America/New_York');
    expect(res.body).toMatchObject({ imported: { inPerson: 1, online: 100 }, notImported: { outsideArea: 83, inactive: 1 }, created: 1, problems: [] });
    const soho = await ctx.db.knex('external_ref').where({ source_key: 'eda', external_id: 'soho-eda-7pm-london-time-in-person' }).first('asset_id');
    expect((await coord.get(`/api/assets/${soho.asset_id}`)).body.sites[0]).toMatchObject({ address: '125 Charing Cross Rd, London WC2H 0EW, UK' });
  });
});

describe('times.json: edge cases of times and online-only meetings', () => {
  test('8 online meetings of one group become one asset (one by appointment); the address-only meeting is the one problem', async () => {
    const text = load('times');
    const feed: Raw[] = JSON.parse(text);
    // Row 9 has an address ("Anytown, OK") with no coordinates and no link: it cannot be placed.
    const refused = await importFeed(text, 'source=times');
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([{ field: 'rows.9.latitude', message: 'a meeting at an address needs latitude/longitude or a UK postcode' }]);
    const res = await importFeed(text, 'source=times&mode=valid_only&timezone=America/Chicago'); // Anytown, OK
    expect(res.body).toMatchObject({ meetings: 8, imported: { inPerson: 0, online: 8 }, created: 1 });
    const [id] = await assetsOf('times');
    const asset = (await coord.get(`/api/assets/${id}`)).body;
    // Seven weekly sessions; "appointment" has no day or time, so it adds none.
    expect(asset).toMatchObject({ name: 'Online Group', sites: [], website: 'https://zoom.us/d/1234567' });
    expect(asset.schedule).toHaveLength(feed.filter((m) => m.day !== undefined && m.conference_url).length);
    expect(JSON.stringify(asset)).not.toMatch(/John D|123-456-7890|johnd@gmail\.com/);
  });
});

describe('export after publishing the imports', () => {
  test('unique slugs; conference_url only for join links and only online; each meeting\'s own country and time zone', async () => {
    await ctx.db.knex('asset').where({ status: 'pending' }).update({ status: 'published', published_at: ctx.db.knex.fn.now() });
    const res = await request(ctx.app).get('/api/exports/meeting-guide');
    expect(res.status).toBe(200);
    const meetings: Raw[] = res.body;
    expect(meetings.length).toBeGreaterThan(300);
    expect(new Set(meetings.map((m) => m.slug)).size).toBe(meetings.length);
    for (const m of meetings) {
      if (m.conference_url) {
        expect(new URL(m.conference_url).hostname).toMatch(/(^|\.)(zoom\.us|discord\.gg|meet\.google\.com)$/);
        expect(m.latitude).toBeUndefined();
      }
      if (m.latitude !== undefined) expect(m.conference_url).toBeUndefined();
    }
    // Delaware and Soho: their own country and local time; online meetings keep the feed's time zone.
    const delaware = meetings.filter((m) => m.latitude !== undefined && m.longitude < -60);
    expect(delaware.length).toBeGreaterThan(0);
    for (const m of delaware) expect([m.country, m.timezone]).toEqual([undefined, 'America/New_York']);
    const soho = meetings.find((m) => m.formatted_address?.includes('Charing Cross'));
    expect(soho).toMatchObject({ country: 'GB', timezone: 'Europe/London', time: '19:00' }); // "Soho EDA - 7pm London Time"
    for (const m of meetings.filter((x) => x.latitude === undefined)) expect(m.timezone).toBe(m.name === 'Online Group' ? 'America/Chicago' : 'America/New_York');
  });
});
