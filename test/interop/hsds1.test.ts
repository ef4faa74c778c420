import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestContext, type Client, type TestContext } from '../harness';
import { zipFiles } from '../../server/interop/openreferral/zip';
import { REMOVED_MARK } from '../../server/interop/shared/free-text';
import { rawUploader } from './raw-upload';

/**
 * An HSDS 1.x data package (test/fixtures/hsds1, written for these tests: the CSVs sit in
 * data/ though datapackage.json names them at the top, as real 211 packages do) imported
 * in the default mode: physical addresses, weekday/12-hour schedules (one past midnight),
 * taxonomy terms, phone extensions, websites without a scheme, wheelchair access; staff
 * contacts never read; every table and column not read listed; contact details in
 * descriptions kept out and reported; a second import writes nothing.
 */
const DIR = join(__dirname, '../fixtures/hsds1');
const packageZip = () => {
  const files: Record<string, string> = { 'datapackage.json': readFileSync(join(DIR, 'datapackage.json'), 'utf8') };
  for (const f of readdirSync(join(DIR, 'data'))) files[`data/${f}`] = readFileSync(join(DIR, 'data', f), 'utf8');
  return Buffer.from(zipFiles(files));
};

let ctx: TestContext;
let coord: Client;
let upload: Awaited<ReturnType<typeof rawUploader>>;
beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
  upload = await rawUploader(ctx.app, 'coordinator');
});
afterAll(async () => ctx.close());

const send = () => upload('/api/imports/hsds?source=calder-211', packageZip() as unknown as string, 'application/zip');

test('an HSDS 1.x package imports in the default mode with every value read, and the report names what was not', async () => {
  const res = await send();
  expect(res.status).toBe(200);
  // Two organisations (organizations.csv) are new to the registry: created, pending like the services.
  expect(res.body).toMatchObject({ version: '1.x', services: 3, created: 3, updated: 0, problems: [], held: [], organisationsCreated: 2 });
  const notRead = Object.fromEntries(res.body.notRead.map((n: { table: string; columns?: string[]; reason: string }) => [n.table, n.columns ?? n.reason]));
  expect(notRead).toMatchObject({
    program: 'named in datapackage.json but programs.csv is not in the package',
    contact: 'holds staff names and their details: never imported',
    eligibility: 'Waymark has no field for this table',
    language: 'Waymark has no field for this table',
    organization: ['alternate_name', 'tax_status'],
    service: ['program_id', 'alternate_name', 'status', 'wait_time'],
    location: ['organization_id', 'description'],
    physical_address: ['state_province', 'country'],
    accessibility_for_disabilities: ['details'],
    taxonomy: ['parent_id', 'parent_name', 'vocabulary'],
  });
  expect(res.body.warnings).toEqual([
    { row: 1, field: 'description', message: expect.stringMatching(/^kept out of the public text: 1 e-mail address and 1 phone number/) },
    { row: 2, field: 'schedule', message: 'session "SU –" has no opening time Waymark can read: left out' },
    { row: 2, field: 'phone', message: '"211" is not a phone number: left out' },
    { row: 3, field: 'email', message: '"not-an-email" is not an e-mail address: left out' },
  ]);

  const refs = await ctx.db.knex('external_ref').where({ source_kind: 'hsds', source_key: 'calder-211' }).select('external_id', 'asset_id');
  const asset = async (id: string) => (await coord.get(`/api/assets/${refs.find((r) => r.external_id === id)!.asset_id}`)).body;
  const cafe = await asset('101');
  expect(cafe).toMatchObject({
    name: 'Calder Recovery Café', status: 'pending', category: 'recovery_community', whoFor: ['criminal_justice'], tags: ['peer support groups'],
    phone: '01422 300300 x57', website: 'http://www.caldercafe.example.org', email: 'cafe@crt.example.org', costNotes: 'Free; donations welcome',
    wheelchairAccess: true, scheduleNotes: '4:00pm-12:00am, Mon\n9:00am-5:00, Tue\n10pm-2am, Fri',
    description: `A café run by people in recovery.\n\nFor a lift, call Laura on ${REMOVED_MARK} or write to ${REMOVED_MARK}.`,
  });
  expect(cafe.schedule).toEqual([
    { day: 1, start: '16:00', end: '00:00', note: null },
    { day: 2, start: '09:00', end: '17:00', note: null },
    { day: 5, start: '22:00', end: '02:00', note: null },
  ]);
  expect(cafe.sites).toEqual([expect.objectContaining({ venueName: 'The Mill Café', address: '1 Mill Lane, Unit 2, Halifax', postcode: 'HX1 1AA', lat: 53.7237, lng: -1.8632 })]);
  expect(cafe.organisation).toMatchObject({ name: 'Calder Recovery Trust' });
  const trust = await ctx.db.knex('organisation').where({ name: 'Calder Recovery Trust' }).first('status', 'website', 'description');
  expect(trust).toEqual({ status: 'pending', website: 'http://www.crt.example.org', description: 'A recovery charity in Calderdale.' });
  const meeting = await asset('102');
  expect(meeting.organisation).toMatchObject({ name: 'Elland Fellowship' });
  expect(meeting).toMatchObject({ category: 'mutual_aid', whoFor: ['criminal_justice'], phone: null, scheduleNotes: 'By arrangement', wheelchairAccess: null });
  expect(meeting.schedule).toEqual([{ day: 4, start: '07:30', end: '09:00', note: null }]);
  const line = await asset('103');
  expect(line).toMatchObject({ category: 'other', tags: ['helplines/warmlines'], phone: '0300 123 4567 x204', website: 'http://crt.example.org/line', email: null, sites: [] });
  expect(line.schedule).toEqual([{ day: 1, start: '09:00', end: '17:00', note: null }]);

  // Staff names never enter the registry, nor does Laura's number.
  const stored = JSON.stringify(await ctx.db.knex('asset').select('*'));
  for (const secret of ['Staffname', 'janet.', '07700 900123', 'laura@example.org']) expect(stored).not.toContain(secret);
});

test('importing the same package again writes nothing', async () => {
  const before = Number((await ctx.db.knex('audit_log').count('* as n'))[0].n);
  const again = await send();
  expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
  expect(Number((await ctx.db.knex('audit_log').count('* as n'))[0].n)).toBe(before);
});
