import request from 'supertest';
import { createTestContext, type TestContext } from '../harness';

/**
 * The standard query parameters: HSDS `minimal`, `full`, `full_service`; ORUK `day`,
 * `start_time`, `end_time` (a weekly session matching all three), `minimum_age` and
 * `maximum_age` (accepted; Waymark records hold no age range, so they select nothing out).
 */
let ctx: TestContext;
const ids: Record<string, string> = {};
beforeAll(async () => {
  ctx = await createTestContext();
  const coord = await ctx.as('coordinator');
  const make = async (key: string, body: object) => {
    const res = await coord.post('/api/assets', { publish: true, category: 'mutual_aid', sites: [{ lat: 53.72, lng: -1.86 }], ...body });
    expect(res.status).toBe(201);
    ids[key] = res.body.asset.id;
  };
  await make('monEvening', { name: 'Monday Evening Group', schedule: [{ day: 1, start: '19:00', end: '20:30' }] });
  await make('monMorning', { name: 'Monday Morning Café', schedule: [{ day: 1, start: '09:30', end: '11:00' }], sites: [{ lat: 53.73, lng: -1.87 }] });
  await make('thursday', { name: 'Thursday Walk', schedule: [{ day: 4, start: '10:00', end: null }], sites: [{ lat: 53.74, lng: -1.88 }] });
});
afterAll(async () => ctx.close());

const names = async (url: string) => {
  const res = await request(ctx.app).get(url);
  expect(res.status).toBe(200);
  return res.body.contents.map((s: { name?: string; service?: { name: string } }) => s.name ?? s.service!.name).sort();
};

test('ORUK day, start_time and end_time select services by their weekly sessions', async () => {
  expect(await names('/openreferral/uk/services?day=MO')).toEqual(['Monday Evening Group', 'Monday Morning Café']);
  expect(await names('/openreferral/uk/services?day=monday&start_time=12:00')).toEqual(['Monday Evening Group']);
  expect(await names('/openreferral/uk/services?end_time=11:00:00')).toEqual(['Monday Morning Café']);
  expect(await names('/openreferral/uk/services?day=Thursday')).toEqual(['Thursday Walk']);
  // A session with no end never ends "at or before" a time.
  expect(await names('/openreferral/uk/services?day=TH&end_time=23:59')).toEqual([]);
  expect(await names('/openreferral/uk/service_at_locations?day=MO&start_time=18:00')).toEqual(['Monday Evening Group']);
  expect(await names('/openreferral/uk/services?minimum_age=18&maximum_age=65')).toHaveLength(3);
  const bad = await request(ctx.app).get('/openreferral/uk/services?day=Funday');
  expect([bad.status, bad.body.error.details[0].field]).toEqual([400, 'query.day']);
  const ages = await request(ctx.app).get('/openreferral/uk/services?minimum_age=30&maximum_age=20');
  expect([ages.status, ages.body.error.details[0].field]).toEqual([400, 'query.maximum_age']);
});

test('HSDS minimal gives ids and last_modified only; full_service nests the service in each service at a location', async () => {
  const minimal = (await request(ctx.app).get('/openreferral/services?minimal=true')).body;
  expect(minimal.total_items).toBe(3);
  for (const item of minimal.contents) expect(Object.keys(item).sort()).toEqual(['id', 'last_modified']);
  const row = await ctx.db.knex('asset').where({ id: ids.thursday }).first('updated_at');
  expect(minimal.contents.find((c: { id: string }) => c.id === ids.thursday).last_modified).toBe(new Date(row.updated_at).toISOString());
  const nested = (await request(ctx.app).get('/openreferral/service_at_locations?full_service=true')).body.contents;
  expect(nested).toHaveLength(3);
  for (const item of nested) expect(item.service.schedules).toHaveLength(1);
  const bad = await request(ctx.app).get('/openreferral/services?minimal=true&full=true');
  expect([bad.status, bad.body.error.details[0].field]).toEqual([400, 'query.minimal']);
});
