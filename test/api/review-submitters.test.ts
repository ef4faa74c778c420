import { createTestContext, type TestContext } from '../harness';

/** The queue's submitter picker: who has records waiting, counted by hand below. */
let ctx: TestContext;
beforeAll(async () => { ctx = await createTestContext(); });
afterAll(async () => { await ctx.close(); });

test('lists each person with pending records once, with how many are pending, by name', async () => {
  const coord = await ctx.as('coordinator');
  const vol = await ctx.as('volunteer');
  const admin = await ctx.as('admin');
  const add = async (who: typeof vol, name: string, extra: object = {}) => {
    const res = await who.post('/api/assets', { name, category: 'advice', sites: [{ lat: 53.72 + Math.random() / 100, lng: -1.86 }], ...extra });
    expect(res.status).toBe(201);
    return res.body.asset.id as string;
  };
  // Vic: three sent, one of them then rejected → 2 pending. Ada: one pending. Cora: one published straight away → none.
  await add(vol, 'Pending Advice One', { phone: '01422 111111' });
  await add(vol, 'Pending Advice Two', { phone: '01422 222222' });
  const rejected = await add(vol, 'Rejected Advice Three', { phone: '01422 333333' });
  expect((await coord.post(`/api/assets/${rejected}/reject`, { reason: 'Closed now.' })).status).toBe(200);
  await add(admin, 'Admin Pending Advice', { phone: '01422 444444' });
  await add(coord, 'Published Advice', { publish: true, phone: '01422 555555' });

  const res = await coord.get('/api/review/submitters');
  expect(res.status).toBe(200);
  expect(res.body.items).toEqual([
    { id: expect.any(String), displayName: 'Ada Admin', pending: 1 },
    { id: expect.any(String), displayName: 'Vic Volunteer', pending: 2 },
  ]);
  // Each id filters the queue to that person's records, and the count matches.
  for (const s of res.body.items) {
    const queue = await coord.get(`/api/review/queue?submitter=${s.id}`);
    expect(queue.body.items).toHaveLength(s.pending);
  }
  expect((await vol.get('/api/review/submitters')).status).toBe(403);
});
