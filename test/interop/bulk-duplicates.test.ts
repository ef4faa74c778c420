import { createTestContext, type Client, type TestContext } from '../harness';
import { destination } from '../geo-reference';
import { rawUploader } from './raw-upload';

/**
 * The bulk import judges a whole file in a few statements (server/assets/duplicates/batch.ts);
 * it must answer exactly as the capture rule does when the rows come one at a time. The
 * reference here is the one-at-a-time path itself: each row posted to
 * POST /api/assets/duplicates (duplicatesFor) against the registry as it then stands, and
 * created if nothing is likely — in a second, identical registry.
 */
let batch: TestContext;
let single: TestContext;
const BASE = { lat: 53.7105, lng: -1.9102 };
const at = (bearing: number, metres: number) => destination(BASE.lat, BASE.lng, bearing, metres);

// Registry records, then file rows: twins of them at various distances, twins of earlier rows,
// different days, shared phones with unlike names, and rows that only look alike.
const REGISTRY = [
  { name: 'Sowerby Bridge Recovery Café', category: 'recovery_community', sites: [at(0, 0)], phone: '01422 555111' },
  { name: 'SMART Recovery Halifax Saturday', category: 'mutual_aid', sites: [at(90, 600)], schedule: [{ day: 6, start: '10:00' }] },
  { name: 'Ryburn Valley Walkers', category: 'social_leisure_arts', sites: [at(180, 1500)] },
];
const ROWS: [string, string, { lat: number; lng: number }, string][] = [
  ['r1', 'Sowerby Bridge Recovery Cafe', at(10, 120), ''],
  ['r2', 'Sowerby Bridge Recovery Café', at(200, 2300), ''],
  ['r3', 'SMART Recovery Halifax Monday', at(90, 620), ''],
  ['r4', 'Copley Garden Project', at(270, 900), ''],
  ['r5', 'Copley Garden Project', at(270, 950), ''],
  ['r6', 'Copley Gardening Project', at(275, 1000), ''],
  ['r7', 'Totally Different Name', at(45, 300), '01422 555111'],
  ['r8', 'Ryburn Valley Walkers', at(180, 2600), ''],
  ['r9', 'Ryburn Valley Walkers Group', at(185, 1400), ''],
  ['r10', 'Luddenden Choir', at(300, 2000), ''],
  ['r11', 'Luddenden Community Choir', at(302, 2100), ''],
  ['r12', 'Luddenden Choir', at(120, 2000), ''],
  // The pairs the whole-file check may leave unscored (duplicates/pairs.ts) must not change
  // an answer: words reordered far apart, unlike names near with and without a shared
  // phone, and names whose trigrams come from the database (not plain ASCII).
  ['r13', 'Copley Project Garden', at(265, 2350), ''],
  ['r14', 'Elland Walk', at(0, 3000), '01422 777000'],
  ['r15', 'Elland Choir', at(2, 3450), '01422 777000'],
  ['r16', 'Elland Choir Club', at(0, 3100), ''],
  ['r17', 'Łódź Recovery Club', at(150, 4000), ''],
  ['r18', 'Lodz Recovery Club', at(152, 4900), ''],
  ['r19', 'Lódz Recovery Club', at(150, 4100), ''],
];
const csv = ['ref,name,category,lat,lng,phone', ...ROWS.map(([ref, name, p, phone]) => `${ref},${name},other,${p.lat},${p.lng},${phone}`)].join('\r\n');

async function registry(ctx: TestContext): Promise<Client> {
  const coord = await ctx.as('coordinator');
  for (const r of REGISTRY) expect((await coord.post('/api/assets', { ...r, publish: true })).status).toBe(201);
  return coord;
}

beforeAll(async () => {
  [batch, single] = await Promise.all([createTestContext(), createTestContext()]);
});
afterAll(async () => Promise.all([batch.close(), single.close()]));

test('a whole file judged at once holds exactly the rows the one-at-a-time capture rule flags', async () => {
  const coord = await registry(single);
  const expected: { row: number; duplicateOf: string }[] = [];
  for (const [i, [, name, p, phone]] of ROWS.entries()) {
    const dup = await coord.post('/api/assets/duplicates', { name, category: 'other', phone: phone || undefined, points: [p] });
    expect(dup.status).toBe(200);
    if (dup.body.items.length) expected.push({ row: i + 2, duplicateOf: dup.body.items[0].name });
    else expect((await coord.post('/api/assets', { name, category: 'other', phone: phone || undefined, sites: [p] })).status).toBe(201);
  }
  // The case is worth having: some rows are duplicates of the registry, some of earlier rows, and some pass.
  expect(expected.length).toBeGreaterThanOrEqual(4);
  expect(expected.length).toBeLessThan(ROWS.length - 3);

  await registry(batch);
  const upload = await rawUploader(batch.app, 'coordinator');
  expect((await (await batch.as('coordinator')).put('/api/imports/mappings/bulk', { mapping: { externalId: 'ref', name: 'name', category: 'category', lat: 'lat', lng: 'lng', phone: 'phone' } })).status).toBe(200);
  const res = await upload('/api/imports/files?source=bulk&mode=valid_only', csv);
  expect(res.status).toBe(200);
  // Flagged rows are written as pending beside their match (held), never dropped.
  expect(res.body.problems).toEqual([]);
  const got = res.body.held.map((p: { row: number; message: string }) => ({ row: p.row, duplicateOf: /duplicate of "([^"]+)"/.exec(p.message)![1] }));
  expect(got).toEqual(expected);
  expect(res.body.created).toBe(ROWS.length);
});
