import { createTestContext, signIn, type Client, type TestContext } from '../harness';
import { destination, geodesicDistance, gridCellCentre } from '../geo-reference';
import { circleFitAttack } from './attack';
import { toWgs } from './postcode-fixture';

/** Issue 5, privacy items 1, 2, 4 and 5, each reproduced as the tester ran it (item 3: masking-cell.test.ts). */
let ctx: TestContext;
let coord: Client;
let vol: Client;
let vol2: Client;
let anon: Client;

beforeAll(async () => {
  ctx = await createTestContext();
  [coord, vol, anon] = [await ctx.as('coordinator'), await ctx.as('volunteer'), await ctx.as('anon')];
  const admin = await ctx.as('admin');
  const made = await admin.post('/api/users', { email: 'volunteer2@test.waymark', displayName: 'Val Volunteer', role: 'volunteer', password: 'second-volunteer-pw' });
  expect(made.status).toBe(201);
  vol2 = await signIn(ctx.app, 'volunteer2@test.waymark', 'second-volunteer-pw');
});
afterAll(async () => { await ctx.close(); });

async function create(client: Client, body: object): Promise<{ id: string; sites: { id: string }[] }> {
  const res = await client.post('/api/assets', { category: 'mutual_aid', ...body });
  expect(res.status).toBe(201);
  return res.body.asset;
}
const publicSiteOf = async (id: string) => (await anon.get(`/api/assets/${id}`)).body.sites[0];

describe('1. duplicate matching cannot be binary-searched to a refuge', () => {
  // 191 m from its 1 km cell centre (408500, 425500), well inside the cell.
  const exact = toWgs(408370, 425640);
  const movedWithinCell = toWgs(408810, 425230);
  const name = 'Northgate Refuge for Women';
  let siteId: string;
  beforeAll(async () => {
    const refuge = await create(coord, { name, category: 'housing', sensitive: true, publish: true, sites: [{ ...exact, postcode: 'HX1 9QQ' }] });
    siteId = refuge.sites[0].id;
  });

  test('a circle fit over the answers finds the masking cell, not the place, and the answers do not depend on the place', async () => {
    const centre = gridCellCentre(exact.lat, exact.lng);
    // Searching out to 5 km: a name this alike is matched up to 2.4 km beyond the cell.
    const first = await circleFitAttack(vol, name, exact, 5000);
    // The attacker lands near the public cell centre; the refuge is no closer than the cell says.
    expect(geodesicDistance(first.estimate, centre)).toBeLessThan(120);
    expect(geodesicDistance(first.estimate, exact)).toBeGreaterThan(0.5 * geodesicDistance(centre, exact));
    // Move the refuge within its cell: every answer the attacker saw is unchanged, so none carried the place.
    await ctx.db.knex('site').where({ id: siteId }).update({ geom: ctx.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [movedWithinCell.lng, movedWithinCell.lat]) });
    const second = await circleFitAttack(vol, name, exact, 5000);
    expect(second.edges).toEqual(first.edges);
    await ctx.db.knex('site').where({ id: siteId }).update({ geom: ctx.db.knex.raw('ST_SetSRID(ST_MakePoint(?, ?), 4326)', [exact.lng, exact.lat]) });
  });

  test('the answer is "a similar record exists in this area" with no id, no distance and no score, on create too', async () => {
    const probe = destination(exact.lat, exact.lng, 200, 40);
    const check = await vol.post('/api/assets/duplicates', { name, points: [probe] });
    // Exactly these fields (issue 22 item 12: no similarity, as docs/privacy.md says).
    expect(check.body.items).toEqual([{ id: null, name, status: 'published', category: 'housing', distanceMetres: null, note: 'A similar record exists in this area; a coordinator will check.' }]);
    const created = await vol.post('/api/assets', { name: 'Northgate Refuge', category: 'housing', sites: [probe] });
    expect(created.status).toBe(201);
    const masked = created.body.possibleDuplicates.find((d: { name: string }) => d.name === name);
    expect(masked).toEqual({ id: null, name, status: 'published', category: 'housing', distanceMetres: null, note: 'A similar record exists in this area; a coordinator will check.' });
    // Coordinators still get the exact match with its distance.
    const asCoord = await coord.post('/api/assets/duplicates', { name, points: [probe] });
    expect(asCoord.body.items[0]).toMatchObject({ name, distanceMetres: Math.round(geodesicDistance(probe, exact)) });
    expect(asCoord.body.items[0].id).toEqual(expect.any(String));
  });
});

describe('2. linking to an existing site gives no distance from an exact sensitive point', () => {
  const hub = toWgs(409650, 424420);
  let hubSiteId: string;
  let refugeSiteId: string;
  let pendingId: string;
  beforeAll(async () => {
    hubSiteId = (await create(coord, { name: 'Hub Lunch Club', publish: true, sites: [{ ...hub, venueName: 'Hub Hall', address: '2 Hub St' }] })).sites[0].id;
    refugeSiteId = (await create(coord, { name: 'Calder Refuge', category: 'housing', sensitive: true, publish: true, sites: [toWgs(409330, 424770)] })).sites[0].id;
    pendingId = (await create(vol, { name: 'Hub Lunch Club Extra', sites: [{ id: hubSiteId }] })).id;
  });

  test('a volunteer linking to a sensitive site gets exactly the answer for a site that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-00000000beef';
    const toRefuge = await vol.post('/api/assets', { name: 'Planted Record', category: 'advice', sites: [{ id: refugeSiteId }] });
    const toNothing = await vol.post('/api/assets', { name: 'Planted Record', category: 'advice', sites: [{ id: missing }] });
    expect(toRefuge.status).toBe(422);
    expect(toRefuge.body).toEqual(toNothing.body);
    const patched = await vol.patch(`/api/assets/${pendingId}`, { sites: [{ id: refugeSiteId }] });
    expect(patched.status).toBe(422);
    expect(patched.body).toEqual((await vol.patch(`/api/assets/${pendingId}`, { sites: [{ id: missing }] })).body);
    // Coordinators may still co-locate services at a refuge.
    expect((await coord.post('/api/assets', { name: 'Refuge Advice Drop-in', category: 'advice', sites: [{ id: refugeSiteId }] })).status).toBe(201);
  });

  test('after a linked place becomes sensitive, distances are measured from its public point only', async () => {
    // A published record 80 m from the hub's 1 km cell centre, over 150 m from the hub itself.
    const centre = gridCellCentre(hub.lat, hub.lng);
    const annex = destination(centre.lat, centre.lng, 0, 80);
    expect(geodesicDistance(annex, hub)).toBeGreaterThan(200);
    await create(coord, { name: 'Hub Lunch Club Annex', publish: true, sites: [annex] });
    // A coordinator's sensitive record at the hub masks it (published sensitive records do).
    await create(coord, { name: 'Hidden Womens Circle', category: 'family_carer_support', sensitive: true, publish: true, sites: [{ id: hubSiteId }] });
    expect((await vol.get(`/api/assets/${pendingId}`)).body.sites[0].locationPrecision).toBe('grid_1km');
    const res = await vol.patch(`/api/assets/${pendingId}`, { name: 'Hub Lunch Club Extra Sitting' });
    expect(res.status).toBe(200);
    const seenAnnex = res.body.possibleDuplicates.find((d: { name: string }) => d.name === 'Hub Lunch Club Annex');
    expect(seenAnnex.distanceMetres).toBe(Math.round(geodesicDistance(centre, annex)));
    for (const d of res.body.possibleDuplicates) expect(d.distanceMetres === null || d.id !== null).toBe(true);
    // Keeping the link the record already has is allowed; it tells the volunteer nothing new.
    expect((await vol.patch(`/api/assets/${pendingId}`, { sites: [{ id: hubSiteId }] })).status).toBe(200);
  });
});

describe('4. pending, rejected and archived records cannot mask a published place', () => {
  const place = toWgs(410240, 425860);
  let publishedId: string;
  let siteId: string;
  beforeAll(async () => {
    const a = await create(coord, { name: 'Lee Mount Coffee Morning', category: 'social_leisure_arts', publish: true, sites: [{ ...place, venueName: 'Lee Mount Chapel', address: '5 Chapel Lane', postcode: 'HX3 5AB' }] });
    [publishedId, siteId] = [a.id, a.sites[0].id];
  });
  const seen = () => publicSiteOf(publishedId);

  test("a volunteer's pending sensitive record at a published site's id changes nothing for anyone", async () => {
    const attack = await create(vol, { name: 'Totally A Refuge', category: 'housing', sensitive: true, sites: [{ id: siteId }] });
    expect(await seen()).toMatchObject({ locationPrecision: 'exact', venueName: 'Lee Mount Chapel', address: '5 Chapel Lane', postcode: 'HX3 5AB', lat: place.lat, lng: place.lng });
    // Rejected: still nothing.
    expect((await coord.post(`/api/assets/${attack.id}/reject`, { reason: 'not a real refuge' })).status).toBe(200);
    expect((await seen()).locationPrecision).toBe('exact');
  });

  test('a coordinator publishing a sensitive record there masks it from then on, with a warning; archiving it unmasks', async () => {
    const refuge = await create(vol, { name: 'Lee Mount Refuge', category: 'housing', sensitive: true, sites: [{ id: siteId }] });
    expect((await seen()).locationPrecision).toBe('exact');
    const published = await coord.post(`/api/assets/${refuge.id}/publish`, {});
    expect(published.status).toBe(200);
    expect(published.body.warnings).toEqual([expect.objectContaining({ code: 'place_was_public', siteIds: [siteId] })]);
    expect(await seen()).toMatchObject({ locationPrecision: 'grid_1km', venueName: null, address: null, postcode: 'HX3' });
    expect((await coord.post(`/api/assets/${refuge.id}/archive`, {})).status).toBe(200);
    expect((await seen()).locationPrecision).toBe('exact');
    const restored = await coord.post(`/api/assets/${refuge.id}/restore`, {});
    expect(restored.body.asset.status).toBe('published');
    expect((await seen()).locationPrecision).toBe('grid_1km');
    // Marking a published record sensitive at a shared place warns the same way.
    const other = await create(coord, { name: 'Lee Mount Quiet Room', category: 'advice', publish: true, sites: [toWgs(410740, 425360)] });
    await create(coord, { name: 'Lee Mount Book Swap', category: 'social_leisure_arts', publish: true, sites: [{ id: other.sites[0].id }] });
    const marked = await coord.patch(`/api/assets/${other.id}`, { sensitive: true });
    expect(marked.body.warnings).toEqual([expect.objectContaining({ code: 'place_was_public', siteIds: [other.sites[0].id] })]);
    // A sensitive record published at a place nobody else uses needs no warning.
    const alone = await create(coord, { name: 'Lone Safe House', category: 'housing', sensitive: true, sites: [toWgs(407300, 423300)] });
    expect((await coord.post(`/api/assets/${alone.id}/publish`, {})).body.warnings).toBeUndefined();
  });
});

describe("5. the duplicate check shows only what the caller may read", () => {
  const p = toWgs(407650, 426350);
  test("other volunteers' pending records are invisible; your own and published ones are shown", async () => {
    const theirs = await create(vol2, { name: 'Ovenden Recovery Walk', sites: [p] });
    const mine = await create(vol, { name: 'Ovenden Recovery Walking', sites: [destination(p.lat, p.lng, 90, 30)] });
    const published = await create(coord, { name: 'Ovenden Recovery Walkers', publish: true, sites: [destination(p.lat, p.lng, 0, 30)] });
    const rejected = await create(coord, { name: 'Ovenden Recovery Walks', sites: [p] });
    await coord.post(`/api/assets/${rejected.id}/reject`, { reason: 'duplicate' });
    const ids = async (c: Client) => (await c.post('/api/assets/duplicates', { name: 'Ovenden Recovery Walk Group', points: [p] })).body.items.map((d: { id: string }) => d.id).sort();
    expect(await ids(vol)).toEqual([mine.id, published.id].sort());
    expect(await ids(vol2)).toEqual([theirs.id, published.id].sort());
    expect(await ids(coord)).toEqual([theirs.id, mine.id, published.id].sort());
    // And the same on create: nothing of another volunteer's pending work comes back.
    const made = await vol.post('/api/assets', { name: 'Ovenden Recovery Walk Group', category: 'mutual_aid', sites: [p] });
    expect(JSON.stringify(made.body.possibleDuplicates)).not.toContain(theirs.id);
    expect(JSON.stringify(made.body.possibleDuplicates)).not.toContain('Ovenden Recovery Walk"');
  });
});
