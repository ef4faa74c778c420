import { createTestContext, type Client, type TestContext } from '../harness';
import { destination, geodesicDistance } from '../geo-reference';

/**
 * Issue 8's two duplicates that got through, and near misses that must not match:
 * other meetings of the same fellowship at other venues on other days.
 */
let ctx: TestContext;
let coord: Client;
let vol: Client;
beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
  vol = await ctx.as('volunteer');
});
afterAll(async () => { await ctx.close(); });

// Well away from the fixture's other records (south-west Halifax, Copley).
const BASE = { lat: 53.7002, lng: -1.8905 };
const at = (bearing: number, metres: number) => destination(BASE.lat, BASE.lng, bearing, metres);
async function published(name: string, point: { lat: number; lng: number }, extra: object = {}) {
  const res = await coord.post('/api/assets', { name, category: 'mutual_aid', sites: [point], publish: true, ...extra });
  expect(res.status).toBe(201);
  return res.body.asset as { id: string; name: string };
}
type Dup = { id: string | null; name: string; distanceMetres: number | null; score?: number; reasons?: { code: string; message: string }[] };
const check = async (c: Client, body: object) => {
  const res = await c.post('/api/assets/duplicates', body);
  expect(res.status).toBe(200);
  return res.body.items as Dup[];
};

describe('the two duplicates from the issue are caught', () => {
  let saturday: { id: string };
  let monday: { id: string };
  let walking: { id: string };
  let walkingOther: { id: string };
  const smartProbe = at(0, 320);
  beforeAll(async () => {
    saturday = await published('SMART Recovery – Halifax Saturday', BASE, { schedule: [{ day: 6, start: '10:00' }] });
    // The Monday meeting is right next to where the volunteer stood.
    monday = await published('SMART Recovery – Halifax Monday', destination(smartProbe.lat, smartProbe.lng, 90, 40), { schedule: [{ day: 1, start: '18:30' }] });
    walking = await published('Recovery Walking Group – Halifax', at(120, 2000), { category: 'social_leisure_arts' });
    // Near miss: the same fellowship's other walking group, 1.6 km from the probe, on other days.
    walkingOther = await published('Recovery Walking Group – Sowerby Bridge', at(200, 2500), { category: 'social_leisure_arts' });
  });

  test('"SMART Recovery Halifax Saturday" 320 m away matches the Saturday meeting first, with its reasons', async () => {
    const items = await check(vol, { name: 'SMART Recovery Halifax Saturday', points: [smartProbe], schedule: [{ day: 6, start: '10:00' }] });
    expect(items[0]).toMatchObject({ id: saturday.id, distanceMetres: Math.round(geodesicDistance(BASE, smartProbe)) });
    expect(items[0].reasons!.map((r) => r.code)).toEqual(['name', 'distance']);
    expect(items[0].reasons![1].message).toBe('320 m away');
    // score = 1 × (0.5 + 0.5 × 2^(−320/500)) = 0.82
    expect(items[0].score).toBe(0.82);
    // The Monday meeting 40 m away meets on another day: another meeting, not offered at all (issue 17).
    expect(items.map((d) => d.id)).not.toContain(monday.id);
    // A coordinator asking without the schedule still has the day in the names to go by.
    expect((await check(coord, { name: 'SMART Recovery Halifax Saturday', points: [smartProbe] })).map((d) => d.id)).toEqual([saturday.id]);
    const further = await check(vol, { name: 'SMART Recovery Halifax Saturday', points: [destination(smartProbe.lat, smartProbe.lng, 270, 200)], schedule: [{ day: 6, start: '10:00' }] });
    expect(further.map((d) => d.id)).toEqual([saturday.id]);
  });

  test('"Halifax Recovery Walking Group" 870 m away is flagged on create, and its near miss is not', async () => {
    const probe = destination(at(120, 2000).lat, at(120, 2000).lng, 300, 870);
    const res = await vol.post('/api/assets', { name: 'Halifax Recovery Walking Group', category: 'social_leisure_arts', sites: [probe] });
    expect(res.status).toBe(201);
    const ids = res.body.possibleDuplicates.map((d: Dup) => d.id);
    expect(ids[0]).toBe(walking.id);
    expect(res.body.possibleDuplicates[0].reasons[0].message).toBe('Same words in the name (order, accents and punctuation aside)');
    expect(ids).not.toContain(walkingOther.id);
  });

  test('accents and punctuation do not hide a duplicate', async () => {
    const cafe = await published('Café Recovery: Copley', at(45, 900), { category: 'social_leisure_arts' });
    const items = await check(vol, { name: 'cafe recovery copley', points: [at(45, 1500)] });
    expect(items[0]).toMatchObject({ id: cafe.id, similarity: 1 });
  });
});

describe('near misses: other meetings of the same fellowship elsewhere', () => {
  const wed = at(270, 1800);
  const fri = destination(wed.lat, wed.lng, 180, 1200);
  let wednesday: { id: string };
  beforeAll(async () => {
    wednesday = await published('Narcotics Anonymous Halifax', wed, { schedule: [{ day: 3, start: '19:00' }], website: 'https://ukna.org' });
  });

  test('the same name 1.2 km away meeting on Fridays, same national website: not a duplicate', async () => {
    const items = await check(coord, { name: 'Narcotics Anonymous – Halifax', points: [fri], schedule: [{ day: 5, start: '19:30' }], website: 'https://www.ukna.org/' });
    expect(items.map((d) => d.id)).not.toContain(wednesday.id);
  });

  test('the same meeting typed again 1.2 km off (a wrong pin) is still caught', async () => {
    const items = await check(coord, { name: 'Narcotics Anonymous – Halifax', points: [fri], schedule: [{ day: 3, start: '19:00' }] });
    expect(items[0].id).toBe(wednesday.id);
  });

  test('a shared phone number is a reason', async () => {
    const help = await published('Calder Recovery Helpline Drop-in', at(330, 1200), { phone: '01422 555 010', category: 'advice' });
    const items = await check(coord, { name: 'Calder Helpline Drop in', points: [at(330, 1250)], phone: '+44 1422 555010' });
    expect(items[0].id).toBe(help.id);
    expect(items[0].reasons!.map((r) => r.code)).toContain('phone');
  });
});

describe('issue 17: words common in this registry say little, and another category counts against', () => {
  // A registry where "Recovery", "Halifax" and "Club" are in many names, north of the others.
  const NORTH = destination(BASE.lat, BASE.lng, 0, 6000);
  const near = (bearing: number, metres: number) => destination(NORTH.lat, NORTH.lng, bearing, metres);
  let running: { id: string };
  let house: { id: string };
  beforeAll(async () => {
    const common = ['Recovery Café – Halifax', 'Halifax Recovery Breakfast Club', 'Recovery Walk Club Halifax', 'Halifax Recovery Art Club', 'Recovery Book Club – Halifax', 'Halifax Recovery Boxing'];
    for (const [i, name] of common.entries()) await published(name, near(200, 3000 + 100 * i), { category: 'recovery_community' });
    running = await published('Recovery Running Club – Halifax', near(90, 200), { category: 'social_leisure_arts' });
    house = await published('Elland Recovery House', near(270, 150), { category: 'housing' });
  });

  test('"Halifax Jobs Club for Recovery" is not offered the running club, nor "Recovery Choir" the recovery house', async () => {
    const jobs = await check(coord, { name: 'Halifax Jobs Club for Recovery', category: 'education_training_employment', points: [NORTH] });
    expect(jobs.map((d) => d.id)).not.toContain(running.id);
    const choir = await check(coord, { name: 'Recovery Choir', category: 'social_leisure_arts', points: [NORTH] });
    expect(choir.map((d) => d.id)).not.toContain(house.id);
  });

  test('the running club typed again with a slip and the words moved is offered, saying why', async () => {
    const items = await check(coord, { name: 'Halifax Recovery Runing Club', category: 'social_leisure_arts', points: [NORTH] });
    expect(items[0].id).toBe(running.id);
    expect(items[0].reasons![0].message).toMatch(/^Names \d+% alike \(words rare in this registry count most\)$/);
    // Filed under another category it is still offered, the reasons saying so.
    const other = await check(coord, { name: 'Halifax Recovery Running Club', category: 'recovery_community', points: [NORTH] });
    expect(other[0].id).toBe(running.id);
    expect(other[0].reasons!.map((r) => r.code)).toContain('different_category');
  });
});

describe('merging two records', () => {
  let survivor: { id: string };
  let twin: { id: string };
  beforeAll(async () => {
    survivor = await published('Todmorden Recovery Breakfast', at(90, 1400), { category: 'social_leisure_arts' });
    const res = await vol.post('/api/assets', { name: 'Recovery Breakfast Todmorden', category: 'social_leisure_arts', phone: '01706 555 111', sites: [at(90, 1450)] });
    twin = res.body.asset;
    expect(res.body.possibleDuplicates[0].id).toBe(survivor.id);
  });

  test('only coordinators merge; bad input names the field', async () => {
    expect((await vol.post(`/api/assets/${twin.id}/merge`, { survivorId: survivor.id })).status).toBe(403);
    const self = await coord.post(`/api/assets/${twin.id}/merge`, { survivorId: twin.id });
    expect(self.status).toBe(422);
    expect(self.body.error.details[0].field).toBe('survivorId');
    const missing = await coord.post(`/api/assets/${twin.id}/merge`, { survivorId: '00000000-0000-4000-8000-000000000001' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details[0].field).toBe('survivorId');
  });

  test('the survivor keeps its id and fills its gaps; the other redirects to it and keeps its history', async () => {
    const res = await coord.post(`/api/assets/${twin.id}/merge`, { survivorId: survivor.id, reason: 'Same breakfast' });
    expect(res.status).toBe(200);
    expect(res.body.asset).toMatchObject({ id: survivor.id, phone: '01706 555 111' });
    expect(res.body.merged).toMatchObject({ id: twin.id, status: 'archived', mergedInto: survivor.id, statusReason: 'Same breakfast' });
    const read = await (await ctx.as('anon')).get(`/api/assets/${twin.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: survivor.id, mergedFrom: twin.id });
    // The merged record's own history is kept and shows who merged it.
    const history = (await coord.get(`/api/assets/${twin.id}/history`)).body.items as { after: { merged_into?: string } | null }[];
    expect(history.some((h) => h.after?.merged_into === survivor.id)).toBe(true);
    // A merged record is no longer a duplicate candidate; merging it again is a conflict.
    expect((await check(coord, { name: 'Recovery Breakfast Todmorden', points: [at(90, 1450)] })).map((d) => d.id)).toEqual([survivor.id]);
    expect((await coord.post(`/api/assets/${twin.id}/merge`, { survivorId: survivor.id })).status).toBe(409);
  });

  test('restoring the merged record undoes the merge', async () => {
    const res = await coord.post(`/api/assets/${twin.id}/restore`, {});
    expect(res.status).toBe(200);
    expect(res.body.asset).toMatchObject({ id: twin.id, status: 'pending', mergedInto: null });
  });
});
