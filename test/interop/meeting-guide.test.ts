import request from 'supertest';
import { createTestContext, type Client, type TestContext } from '../harness';

/**
 * Meeting Guide feeds in and out, checked against the feed text row by row: one asset per
 * venue with a weekly schedule, types as who-for tags and notes, online-only meetings
 * kept without a place, re-imports that update by slug, archive what left, write nothing
 * when nothing changed, and never carry a person's name into the registry.
 */
let ctx: TestContext;
let coord: Client;
beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
  await ctx.db.knex('postcode').insert({ postcode: 'HX5 0AA', geom: ctx.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [-1.8382, 53.6858]) });
});
afterAll(async () => ctx.close());

const VENUE = { location: 'St Mary Hall', formatted_address: 'Church Street, Halifax', postal_code: 'HX1 1AA', latitude: 53.72131, longitude: -1.86012 };
const FEED = [
  { slug: 'hx-mon', name: 'Halifax Monday Group', day: 1, time: '19:30', end_time: '20:30', types: ['O', 'W', 'X'], ...VENUE, contact_1_name: 'Jo Bloggs', contact_1_phone: '07700 900123', notes: 'Side door.' },
  { slug: 'hx-fri', name: 'Friday Big Book', day: 5, time: '12:00', types: ['C', 'B'], ...VENUE },
  { slug: 'online-1', name: 'Calder Online', day: [2, 4], time: '07:00', conference_url: 'https://us02web.zoom.us/j/123', types: ['O'], group: 'Calder Online' },
  { slug: 'elland-sat', name: 'Elland Saturday', day: 6, time: '10:00', location: 'Elland Library', address: 'Coronation Street', city: 'Elland', postal_code: 'HX5 0AA', types: ['Y'] },
  { slug: 'bad-1', name: 'X', day: 9, time: '10:00', latitude: 53.7, longitude: -1.8 },
];

const auditCount = async () => Number((await ctx.db.knex('audit_log').count('* as n'))[0].n);
const importFeed = (feed: unknown, query = 'source=calder-aa&mode=valid_only') =>
  coord.post(`/api/imports/meeting-guide?${query}`, feed as object);
const assetsOfSource = async () =>
  ctx.db.knex('external_ref as r').join('asset as a', 'a.id', 'r.asset_id').where('r.source_key', 'calder-aa').select('r.external_id', 'a.id', 'a.status', 'a.name').orderBy('r.external_id');

test('all-or-nothing: any unreadable meeting rejects the file, naming rows and fields, writing nothing', async () => {
  const before = await auditCount();
  const res = await importFeed(FEED, 'source=calder-aa');
  expect(res.status).toBe(422);
  expect(res.body.error.code).toBe('invalid_rows');
  expect(res.body.error.details).toEqual(expect.arrayContaining([
    { field: 'rows.5.name', message: 'must be at least 2 characters' },
    expect.objectContaining({ field: 'rows.5.day' }),
  ]));
  expect(await auditCount()).toBe(before);
  expect(await ctx.db.knex('asset').count('* as n')).toEqual([{ n: 0 }]);
});

test('valid rows only: one asset per venue, online-only kept without a place, checked against the feed text', async () => {
  const res = await importFeed(FEED);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ meetings: 4, created: 3, updated: 0, archived: 0 });
  expect(res.body.problems.map((p: { row: number }) => p.row)).toEqual([5, 5]);
  const refs = await assetsOfSource();
  expect(refs.map((r) => r.external_id)).toEqual(['elland-sat', 'hx-fri', 'hx-mon', 'online-1']);
  const venueId = refs.find((r) => r.external_id === 'hx-mon')!.id;
  expect(refs.find((r) => r.external_id === 'hx-fri')!.id).toBe(venueId);

  const venue = (await coord.get(`/api/assets/${venueId}`)).body;
  expect(venue).toMatchObject({
    name: 'Meetings at St Mary Hall', category: 'mutual_aid', status: 'pending', whoFor: ['women'], wheelchairAccess: true,
    tags: ['big book', 'closed', 'open'], description: 'Side door.', learnedFrom: 'public_listing',
  });
  expect(venue.schedule).toEqual([
    { day: 1, start: '19:30', end: '20:30', note: 'Halifax Monday Group: Open' },
    { day: 5, start: '12:00', end: null, note: 'Friday Big Book: Closed: Big Book' },
  ]);
  expect(venue.sites).toHaveLength(1);
  expect(venue.sites[0]).toMatchObject({ venueName: 'St Mary Hall', address: 'Church Street, Halifax', postcode: 'HX1 1AA', lat: 53.72131, lng: -1.86012 });

  const online = (await coord.get(`/api/assets/${refs.find((r) => r.external_id === 'online-1')!.id}`)).body;
  expect(online).toMatchObject({ name: 'Calder Online', sites: [], website: 'https://us02web.zoom.us/j/123' });
  expect(online.tags).toContain('online');
  expect(online.schedule.map((e: { day: number; start: string }) => [e.day, e.start])).toEqual([[2, '07:00'], [4, '07:00']]);

  const elland = (await coord.get(`/api/assets/${refs.find((r) => r.external_id === 'elland-sat')!.id}`)).body;
  expect(elland.whoFor).toEqual(['young_adults']);
  expect(elland.sites[0]).toMatchObject({ postcode: 'HX5 0AA', lat: 53.6858, lng: -1.8382, address: 'Coronation Street, Elland' });

  // Imported as pending: the review queue has them.
  const queue = (await coord.get('/api/review/queue?limit=500')).body.items.map((a: { id: string }) => a.id);
  expect(queue).toEqual(expect.arrayContaining(refs.map((r) => r.id)));
});

test('no person\'s name from the feed reaches the registry or its audit trail', async () => {
  for (const table of ['asset', 'site', 'asset_version', 'audit_log', 'external_ref']) {
    const { rows } = await ctx.db.knex.raw(`SELECT count(*)::int AS n FROM ?? t WHERE to_jsonb(t)::text ILIKE ? OR to_jsonb(t)::text LIKE ?`, [table, '%Bloggs%', '%07700 900123%']);
    expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
  }
});

test('re-importing the same feed writes nothing', async () => {
  const before = await auditCount();
  const res = await importFeed(FEED);
  expect(res.body).toMatchObject({ created: 0, updated: 0, unchanged: 3, archived: 0, restored: 0 });
  expect(await auditCount()).toBe(before);
});

test('a changed feed updates by slug, archives what left, restores what came back; never duplicates', async () => {
  const changed = FEED.filter((m) => m.slug !== 'hx-fri' && m.slug !== 'online-1').map((m) => (m.slug === 'elland-sat' ? { ...m, time: '10:30' } : m));
  const res = await importFeed(changed);
  expect(res.body).toMatchObject({ created: 0, updated: 2, unchanged: 0, archived: 1 });
  const refs = await assetsOfSource();
  expect(refs.map((r) => [r.external_id, r.status])).toEqual([['elland-sat', 'pending'], ['hx-mon', 'pending'], ['online-1', 'archived']]);
  const venue = (await coord.get(`/api/assets/${refs[1].id}`)).body;
  expect(venue.name).toBe('Halifax Monday Group');
  expect(venue.schedule).toEqual([{ day: 1, start: '19:30', end: '20:30', note: 'Open' }]);
  expect((await coord.get(`/api/assets/${refs[0].id}`)).body.schedule[0].start).toBe('10:30');
  const archived = await ctx.db.knex('asset').where({ status: 'archived' }).select('name', 'status_reason');
  expect(archived).toEqual([{ name: 'Calder Online', status_reason: 'No longer in the meeting guide source "calder-aa"' }]);

  const before = await auditCount();
  expect((await importFeed(changed)).body).toMatchObject({ created: 0, updated: 0, archived: 0 });
  expect(await auditCount()).toBe(before);

  const back = await importFeed(FEED);
  expect(back.body).toMatchObject({ created: 0, restored: 1, archived: 0 });
  expect(await ctx.db.knex('asset').count('* as n')).toEqual([{ n: 3 }]);
  expect(await ctx.db.knex('asset').where({ status: 'archived' }).count('* as n')).toEqual([{ n: 0 }]);
});

test('export: published mutual aid as a Meeting Guide feed, masked for the public', async () => {
  const refs = await assetsOfSource();
  for (const id of new Set(refs.map((r) => r.id))) await coord.post(`/api/assets/${id}/publish`);
  const venueId = refs.find((r) => r.external_id === 'hx-mon')!.id;
  await coord.patch(`/api/assets/${venueId}`, { sensitive: true });

  const pub = await request(ctx.app).get('/api/exports/meeting-guide');
  expect(pub.status).toBe(200);
  const bySlug = new Map(pub.body.map((m: { slug: string }) => [m.slug, m]));
  expect(pub.body).toHaveLength(5); // venue 2 sessions, online 2, Elland 1
  const elland: any = bySlug.get(`${refs.find((r) => r.external_id === 'elland-sat')!.id}-6-1000`);
  expect(elland).toMatchObject({ name: 'Elland Saturday', day: 6, time: '10:00', types: ['Y'], postal_code: 'HX5 0AA', latitude: 53.6858, longitude: -1.8382, approximate: 'no' });
  const online: any = pub.body.find((m: any) => m.name === 'Calder Online');
  expect(online).toMatchObject({ conference_url: 'https://us02web.zoom.us/j/123' });
  expect(online.latitude).toBeUndefined();

  const site = (await ctx.db.knex.raw(`SELECT ST_Y(s.geom_public) AS lat, ST_X(s.geom_public) AS lng FROM asset_site x JOIN site s ON s.id = x.site_id WHERE x.asset_id = ?`, [venueId])).rows[0];
  const masked: any = pub.body.find((m: any) => m.slug.startsWith(venueId));
  expect(masked).toMatchObject({ approximate: 'yes', postal_code: 'HX1', latitude: Math.round(site.lat * 1e5) / 1e5, longitude: Math.round(site.lng * 1e5) / 1e5, types: ['B', 'C', 'O', 'W', 'X'] });
  expect(masked.location).toBeUndefined();
  expect(JSON.stringify(pub.body)).not.toContain('Church Street');
  const exact: any = (await coord.get('/api/exports/meeting-guide')).body.find((m: any) => m.slug.startsWith(venueId));
  expect(exact).toMatchObject({ location: 'St Mary Hall', latitude: 53.72131, longitude: -1.86012, approximate: 'no' });
  for (const m of pub.body) expect(Object.keys(m).filter((k) => k.startsWith('contact'))).toEqual([]);
});

test('bad input: unknown source name, not JSON, not an array', async () => {
  expect((await coord.post('/api/imports/meeting-guide?source=a b').set('Content-Type', 'text/plain').send('[]')).body.error.details[0].field).toBe('query.source');
  const notJson = await coord.post('/api/imports/meeting-guide?source=x1').set('Content-Type', 'text/plain').send('{oops');
  expect(notJson.status).toBe(422);
  expect(notJson.body.error.details).toEqual([{ field: 'rows.0.(file)', message: 'is not valid JSON' }]);
  const tz = await coord.post('/api/imports/meeting-guide?source=x1&timezone=Eastern').set('Content-Type', 'text/plain').send('[]');
  expect(tz.body.error.details).toEqual([{ field: 'query.timezone', message: 'is not a time zone name (IANA, e.g. Europe/London)' }]);
  const obj = await coord.post('/api/imports/meeting-guide?source=x1').send({ meetings: [] });
  expect(obj.body.error.details).toEqual([{ field: 'rows.0.(file)', message: 'must be a JSON array of meetings' }]);
});

test('publishing import: a likely duplicate of a registry record is held as pending, reported with its feed rows and why', async () => {
  const vol = await ctx.as('volunteer');
  const existing = await vol.post('/api/assets', { name: 'Sowerby Bridge Friday Group', category: 'mutual_aid', sites: [{ lat: 53.7101, lng: -1.9022, venueName: 'Christ Church' }] });
  expect(existing.status).toBe(201);
  const feed = [
    { slug: 'sb-fri', name: 'Sowerby Bridge Friday Group', day: 5, time: '19:00', location: 'Christ Church', latitude: 53.7101, longitude: -1.9022 },
    { slug: 'sb-sun', name: 'Sowerby Bridge Friday Group', day: 0, time: '11:00', location: 'Christ Church', latitude: 53.7101, longitude: -1.9022 },
    { slug: 'hx-new', name: 'Halifax Lunchtime Recovery', day: 3, time: '12:30', location: 'Square Chapel', latitude: 53.7199, longitude: -1.8568 },
  ];
  const res = await importFeed(feed, 'source=sowerby&publish=true');
  expect(res.status).toBe(200);
  expect(res.body.created).toBe(2);
  expect(res.body.held).toEqual([
    expect.objectContaining({ rows: [1, 2], reason: 'likely_duplicate', match: expect.objectContaining({ id: (existing.body.asset ?? existing.body).id }), message: expect.stringContaining('likely a duplicate of "Sowerby Bridge Friday Group"') }),
  ]);
  const statuses = await ctx.db.knex('external_ref as r').join('asset as a', 'a.id', 'r.asset_id').where('r.source_key', 'sowerby').select('r.external_id', 'a.status').orderBy('r.external_id');
  expect(statuses).toEqual([{ external_id: 'hx-new', status: 'published' }, { external_id: 'sb-fri', status: 'pending' }, { external_id: 'sb-sun', status: 'pending' }]);
});
