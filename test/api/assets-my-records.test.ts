import { createTestContext, type Client, type TestContext } from '../harness';

/** Volunteers see what became of their records, fix a rejected one and resend it; coordinators filter and bulk-publish the queue. */
let ctx: TestContext;
let coord: Client;
let vol: Client;
beforeAll(async () => {
  ctx = await createTestContext();
  coord = await ctx.as('coordinator');
  vol = await ctx.as('volunteer');
});
afterAll(async () => { await ctx.close(); });

const send = async (name: string, extra: object = {}) => {
  const res = await vol.post('/api/assets', { name, category: 'mutual_aid', sites: [{ lat: 53.72, lng: -1.86, postcode: 'HX1 2AB' }], ...extra });
  expect(res.status).toBe(201);
  return res.body.asset.id as string;
};

describe('My records', () => {
  test('lists only my records with status and the rejection reason; a fixed rejected record goes back for review', async () => {
    const kept = await send('My Kept Group');
    const rejected = await send('My Rejected Group');
    await coord.post('/api/assets', { name: 'Someone Else Group', category: 'mutual_aid', publish: true, sites: [{ lat: 53.72, lng: -1.86 }] });
    expect((await coord.post(`/api/assets/${rejected}/reject`, { reason: 'Please add the meeting time.' })).status).toBe(200);
    const mine = (await vol.get('/api/me/assets')).body.items as { id: string; name: string; status: string; statusReason: string | null }[];
    expect(mine.map((a) => a.name).sort()).toEqual(['My Kept Group', 'My Rejected Group']);
    expect(mine.find((a) => a.id === rejected)).toMatchObject({ status: 'rejected', statusReason: 'Please add the meeting time.' });
    expect(mine.find((a) => a.id === kept)).toMatchObject({ status: 'pending', statusReason: null });

    const fixed = await vol.patch(`/api/assets/${rejected}`, { schedule: [{ day: 2, start: '19:00' }] });
    expect(fixed.status).toBe(200);
    expect(fixed.body.asset).toMatchObject({ status: 'pending', statusReason: null });
    // Published records are the coordinators' now: not editable by the volunteer.
    await coord.post(`/api/assets/${kept}/publish`, {});
    expect((await vol.patch(`/api/assets/${kept}`, { name: 'Changed' })).status).toBe(403);
  });

  test('nobody signed out has records', async () => {
    expect((await (await ctx.as('anon')).get('/api/me/assets')).status).toBe(401);
  });
});

describe('review queue filters and bulk publish', () => {
  let ids: string[];
  beforeAll(async () => {
    ids = [
      await send('Queue Filter Walk', { category: 'social_leisure_arts', sites: [{ lat: 53.72, lng: -1.86, postcode: 'HX3 5AB' }] }),
      await send('Queue Filter Advice', { category: 'advice', sites: [{ lat: 53.72, lng: -1.86, postcode: 'HX3 6CD' }] }),
      await send('Queue Filter Elsewhere', { category: 'advice', sites: [{ lat: 53.72, lng: -1.86, postcode: 'HX7 8EF' }] }),
    ];
  });
  const names = async (query: string) => (await coord.get(`/api/review/queue?${query}`)).body.items.map((a: { name: string }) => a.name).filter((n: string) => n.startsWith('Queue Filter')).sort();

  test('by category, postcode district and submitter', async () => {
    expect(await names('category=advice')).toEqual(['Queue Filter Advice', 'Queue Filter Elsewhere']);
    expect(await names('area=hx3')).toEqual(['Queue Filter Advice', 'Queue Filter Walk']);
    expect(await names(`submitter=${vol.userId}&category=advice&area=HX7`)).toEqual(['Queue Filter Elsewhere']);
    expect(await names(`submitter=${coord.userId}`)).toEqual([]);
    const bad = await coord.get('/api/review/queue?area=Halifax');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].field).toBe('query.area');
  });

  test('bulk publish publishes each, audits each, and reports those it could not', async () => {
    await coord.post(`/api/assets/${ids[2]}/reject`, { reason: 'Duplicate of another' });
    await coord.post(`/api/assets/${ids[2]}/archive`, {});
    const res = await coord.post('/api/review/publish', { ids });
    expect(res.status).toBe(200);
    expect(res.body.published).toEqual([ids[0], ids[1]]);
    expect(res.body.failed).toEqual([{ id: ids[2], message: 'An asset that is archived cannot be published.' }]);
    const audit = await ctx.db.knex('audit_log').where({ table_name: 'asset' }).whereIn('row_id', ids.slice(0, 2)).whereRaw(`after->>'status' = 'published'`).whereRaw(`before->>'status' = 'pending'`);
    expect(audit.map((a: { row_id: string; actor_id: string }) => [a.row_id, a.actor_id]).sort()).toEqual([[ids[0], coord.userId], [ids[1], coord.userId]].sort());
    expect((await vol.post('/api/review/publish', { ids })).status).toBe(403);
    expect((await coord.post('/api/review/publish', { ids: [] })).body.error.details[0].field).toBe('ids');
  });
});
