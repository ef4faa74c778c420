import { loadReferenceGeography, readReferenceFiles } from '../../seeds/reference';
import { createDashboardService, DEFAULT_FOCUS } from '../../server/dashboard/service';
import { createGapService, sharedGapService } from '../../server/gaps/service';
import { createRegistryMirror } from '../../server/gaps/registry-mirror';
import { currentPartnership } from '../../server/partnerships/repo';
import { createTestContext, type Client, type TestContext } from '../harness';

/**
 * The dashboard's records and gap supply are kept in memory and brought up to date from
 * the audit trail (server/gaps/registry-mirror.ts), not read again whole after a write.
 * After each kind of write, the app's dashboard (its mirror updated by changes) must equal
 * one computed by a fresh service (a whole read), and the mirror's rows a fresh mirror's.
 */
let ctx: TestContext;
let coord: Client;
let commissioner: Client;
/** A mirror reading the trail from exactly the oldest open transaction (no minute's margin), so it re-reads only what each step changed. */
let exact: ReturnType<typeof createRegistryMirror>;
const SINCE = '2026-01-01';
const CLOCK = new Set(['generatedAt', 'asOf']);
const stable = (v: unknown) => JSON.parse(JSON.stringify(v, (k, x) => (CLOCK.has(k) ? undefined : x)));

beforeAll(async () => {
  ctx = await createTestContext();
  await loadReferenceGeography(ctx.db.knex, readReferenceFiles());
  [coord, commissioner] = await Promise.all([ctx.as('coordinator'), ctx.as('commissioner')]);
  exact = createRegistryMirror(ctx.db.knex, { marginMs: 0 });
  for (const [name, category, lat, lng] of [['Halifax Group', 'mutual_aid', 53.7222, -1.8618], ['King Cross Clinic', 'treatment', 53.7141, -1.8669], ['Northowram Walk', 'social_leisure_arts', 53.7379, -1.857]] as const) {
    expect((await coord.post('/api/assets', { name, category, publish: true, sites: [{ lat, lng }] })).status).toBe(201);
  }
});
afterAll(async () => { await ctx.close(); });

/** The app's dashboard now, and a whole recompute by a service with empty caches, compared. */
async function expectEqualToWholeRead(step: string): Promise<void> {
  const res = await commissioner.get(`/api/dashboard?since=${SINCE}`);
  expect(res.status).toBe(200);
  const fresh = createDashboardService(ctx.db.knex, createGapService(ctx.db.knex));
  const whole = await fresh.dashboard({ place: null, since: new Date(SINCE), focus: [...DEFAULT_FOCUS], now: new Date(res.body.generatedAt) });
  expect({ step, dashboard: stable(res.body) }).toEqual({ step, dashboard: stable(whole) });
  const partnership = await currentPartnership(ctx.db.knex);
  const kept = await sharedGapService(ctx.db.knex).registry(partnership.id);
  const read = await createRegistryMirror(ctx.db.knex).current(partnership.id);
  expect({ step, records: kept.records, supply: kept.supply }).toEqual({ step, records: read.records, supply: read.supply });
  const exactly = await exact.current(partnership.id);
  expect({ step, records: exactly.records, supply: exactly.supply }).toEqual({ step, records: read.records, supply: read.supply });
}

test('after a create, a move, a category change, an archive and a publish, the kept figures equal a whole recompute', async () => {
  await expectEqualToWholeRead('first');
  const before = sharedGapService(ctx.db.knex).registryReads();

  // A pending record (not in the supply), then published.
  const made = await coord.post('/api/assets', { name: 'Sowerby Drop-in', category: 'advice', publish: false, sites: [{ lat: 53.724, lng: -1.8696 }] });
  expect(made.status).toBe(201);
  const id = made.body.asset.id as string;
  await expectEqualToWholeRead('create (pending)');
  expect((await coord.post(`/api/assets/${id}/publish`, {})).status).toBe(200);
  await expectEqualToWholeRead('publish');

  // Its site moved across town, then its category changed.
  expect((await coord.patch(`/api/assets/${id}`, { sites: [{ lat: 53.7379, lng: -1.86 }] })).status).toBe(200);
  await expectEqualToWholeRead('move');
  expect((await coord.patch(`/api/assets/${id}`, { category: 'treatment' })).status).toBe(200);
  await expectEqualToWholeRead('category change');

  // A refuge: its supply point is its masking cell's centre; moved inside the town.
  const refuge = await coord.post('/api/assets', { name: 'Quiet House', category: 'housing', sensitive: true, publish: true, sites: [{ lat: 53.7237, lng: -1.8763, address: '1 Hidden Row' }] });
  expect(refuge.status).toBe(201);
  await expectEqualToWholeRead('sensitive create');
  expect((await coord.patch(`/api/assets/${refuge.body.asset.id}`, { sites: [{ lat: 53.7141, lng: -1.86, address: '2 Hidden Row' }] })).status).toBe(200);
  await expectEqualToWholeRead('sensitive move');

  // Archived (out of the supply), restored (published again).
  expect((await coord.post(`/api/assets/${id}/archive`, { reason: 'closed for the summer' })).status).toBe(200);
  await expectEqualToWholeRead('archive');
  expect((await coord.post(`/api/assets/${id}/restore`, {})).status).toBe(200);
  await expectEqualToWholeRead('restore');

  // Each write was applied as a change, not by reading everything again.
  const after = sharedGapService(ctx.db.knex).registryReads();
  expect(after.full).toBe(before.full);
  expect(after.changes - before.changes).toBe(8);
  expect(exact.counts()).toEqual({ full: 1, changes: 8 });
});
