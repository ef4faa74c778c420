import { loadReferenceGeography, readReferenceFiles } from '../../seeds/reference';
import { wilson } from '../../server/stats/proportion';
import { createTestContext, type Client, type TestContext } from '../harness';

/**
 * Issue 20, the LERO register: partnership figures worked by hand, filters, CSV and
 * GeoJSON, masking of a LERO's sensitive place for everyone but coordinators and admins,
 * how often others knew a LERO (linkage pairs) and the gaps it covers (coverage with and
 * without it, on the real Calderdale areas).
 */
let ctx: TestContext;
let coord: Client;
let anon: Client;
let commissioner: Client;
const ids: Record<string, string> = {};
const SENSITIVE = { lat: 53.71234, lng: -1.85321 };

async function published(body: object): Promise<{ id: string; siteId: string }> {
  const created = await coord.post('/api/assets', body);
  expect(created.status).toBe(201);
  return { id: created.body.asset.id, siteId: created.body.asset.sites[0]?.id };
}

beforeAll(async () => {
  ctx = await createTestContext();
  await loadReferenceGeography(ctx.db.knex, readReferenceFiles());
  [coord, anon, commissioner] = await Promise.all([ctx.as('coordinator'), ctx.as('anon'), ctx.as('commissioner')]);
  const org = async (body: object) => (await coord.post('/api/organisations', body)).body.id as string;
  ids.alder = await org({ name: 'Alder Recovery', kind: 'lero', leroStage: 'registered_charity_company', cleroMember: true, localAuthoritiesServed: ['E08000033', 'E08000034'], commissioningRoute: 'direct' });
  ids.birch = await org({ name: 'Birch Peer Network', kind: 'lero', leroStage: 'constituted_group', cleroMember: false, localAuthoritiesServed: ['E08000033'], commissioningRoute: 'grant' });
  ids.cedar = await org({ name: 'Cedar Lived Experience', kind: 'lero', leroStage: 'emerging_project', localAuthoritiesServed: ['E08000032'], commissioningRoute: 'none' });
  ids.treatment = await org({ name: 'Calder Treatment Service', kind: 'treatment_provider' });
  ids.pending = (await (await ctx.as('volunteer')).post('/api/organisations', { name: 'Damson Unreviewed', kind: 'lero' })).body.id;
  // Alder: a café at its own place, and a sensitive women's house (masked for most viewers).
  const cafe = await published({ name: 'Alder Café', category: 'lero_peer_support', organisationId: ids.alder, sites: [{ lat: 53.7245, lng: -1.862, venueName: 'Alder Hall' }] });
  ids.cafe = cafe.id;
  ids.house = (await published({ name: 'Alder House', category: 'housing', sensitive: true, organisationId: ids.alder, sites: [{ ...SENSITIVE, venueName: 'Secret Address', address: '1 Hidden Row', postcode: 'HX1 2AB' }] })).id;
  // Birch: a group at the treatment service's building (not a place of its own), beside another mutual-aid group.
  const building = await published({ name: 'Calder Drop-in', category: 'mutual_aid', organisationId: ids.treatment, sites: [{ lat: 53.705, lng: -1.84 }] });
  ids.group = (await published({ name: 'Birch Peer Group', category: 'mutual_aid', organisationId: ids.birch, sites: [{ id: building.siteId }] })).id;
  ids.dropIn = building.id;
  for (const id of [ids.cafe, ids.house, ids.group, ids.dropIn]) expect((await coord.post(`/api/assets/${id}/publish`)).status).toBe(200);

  // Linkage pairs asking about Alder's café (B): a published campaign (reached 3, knew 2) and a
  // closed unpublished one (reached 1, knew 1) that only the team and commissioners may count.
  const partnershipId = (await ctx.db.knex('partnership').first('id')).id;
  const campaign = async (name: string, published: boolean) => (await ctx.db.knex('campaign').insert({
    partnership_id: partnershipId, name, approach: 'disclosed', status: 'closed', published, scripts: '{}', rubric: '{}', frame_filters: '{}', design: '{}', closed_at: ctx.db.knex.fn.now(),
  }).returning('id'))[0].id;
  const pub = await campaign('Published round', true);
  const closed = await campaign('Closed round', false);
  const pair = (campaignId: string, n: number, a: string, b: string, status: string, outcome: number | null) => ({
    campaign_id: campaignId, pair_number: n, stratum: 'all', a_asset_id: a, a_version: 1, b_asset_id: b, b_version: 1,
    a_name: 'A', a_category: 'mutual_aid', b_name: 'B', b_category: 'lero_peer_support', status, outcome,
  });
  await ctx.db.knex('campaign_pair').insert([
    pair(pub, 1, ids.dropIn, ids.cafe, 'reached', 0),
    pair(pub, 2, ids.group, ids.cafe, 'reached', 2),
    pair(pub, 3, ids.house, ids.cafe, 'reached', 1),
    pair(pub, 4, ids.dropIn, ids.house, 'unreachable', null), // not about the café: Alder's house as B, unreachable (not reached)
    pair(pub, 5, ids.cafe, ids.group, 'reached', 3), // about Birch, not Alder
    pair(closed, 1, ids.dropIn, ids.cafe, 'reached', 1),
  ]);
});
afterAll(async () => { await ctx.close(); });

test('partnership figures by hand: 2 of 3 LEROs work in the area, 1 commissioned, 1 with a place of its own', async () => {
  const res = await anon.get('/api/leros');
  expect(res.status).toBe(200);
  expect(res.body.total).toBe(3); // the volunteer's pending LERO is not in the public register
  expect(res.body.figures).toEqual({
    working: 2, // Alder and Birch serve Calderdale (the partnership's E08000033); Cedar serves only Bradford and runs nothing
    commissioned: 1, // Alder (direct); Birch's grant is not a commission
    funding: { direct: 1, sub_contracted: 0, grant: 1, none: 0, unknown: 0 },
    withOwnPlace: 1, // Alder Hall; Birch meets in the treatment service's building
    cleroMembers: 1,
    stages: { emerging_project: 0, constituted_group: 1, registered_charity_company: 1, unknown: 0 },
  });
  const alder = res.body.items.find((r: { id: string }) => r.id === ids.alder);
  expect(alder.services.map((s: { name: string }) => s.name)).toEqual(['Alder Café', 'Alder House']);
  expect(alder.localAuthorities).toEqual([{ code: 'E08000033', name: 'Calderdale' }, { code: 'E08000034', name: 'Kirklees' }]);
});

test('filters and sorts', async () => {
  const names = async (qs: string) => (await anon.get(`/api/leros?${qs}`)).body.items.map((r: { name: string }) => r.name);
  expect(await names('stage=constituted_group,emerging_project')).toEqual(['Birch Peer Network', 'Cedar Lived Experience']);
  expect(await names('la=E08000034')).toEqual(['Alder Recovery']);
  expect(await names('funding=grant,none&sort=funding')).toEqual(['Birch Peer Network', 'Cedar Lived Experience']);
  expect(await names('clero=true')).toEqual(['Alder Recovery']);
  expect(await names('q=peer%20group')).toEqual(['Birch Peer Network']);
  expect(await names('sort=services')).toEqual(['Alder Recovery', 'Birch Peer Network', 'Cedar Lived Experience']);
  const bad = await anon.get('/api/leros?funding=lottery');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details[0].field).toMatch(/^query\.funding/);
});

test("masking: a LERO's sensitive place is its masking cell for anyone but coordinators and admins, in JSON, CSV and GeoJSON", async () => {
  const site = await ctx.db.knex('site').where({ venue_name: 'Secret Address' }).first(ctx.db.knex.raw('ST_Y(geom_public) AS lat, ST_X(geom_public) AS lng, location_precision'));
  expect(site.location_precision).not.toBe('exact');
  for (const who of [anon, commissioner]) {
    const list = await who.get('/api/leros');
    const house = list.body.items.find((r: { id: string }) => r.id === ids.alder).places.find((p: { locationPrecision: string }) => p.locationPrecision !== 'exact');
    expect(house).toMatchObject({ venueName: null, address: null, postcode: 'HX1', lat: site.lat, lng: site.lng, locationPrecision: site.location_precision });
    for (const path of ['/api/leros', '/api/leros.csv', '/api/leros.geojson', `/api/leros/${ids.alder}`]) {
      const text = (await who.get(path)).text;
      expect({ path, exact: text.includes(String(SENSITIVE.lat)) || text.includes('Secret Address') || text.includes('Hidden Row') || text.includes('HX1 2AB') }).toEqual({ path, exact: false });
    }
  }
  const exact = (await coord.get('/api/leros')).body.items.find((r: { id: string }) => r.id === ids.alder).places.find((p: { venueName: string }) => p.venueName === 'Secret Address');
  expect(exact).toMatchObject({ lat: SENSITIVE.lat, lng: SENSITIVE.lng, locationPrecision: 'exact', address: '1 Hidden Row', sensitive: true });
  // A coordinator's GeoJSON carries the exact point, so it says the place is sensitive: another
  // instance's GeoJSON import reads that and never publishes it exactly.
  const feature = JSON.parse((await coord.get('/api/leros.geojson')).text).features.find((f: { properties: { venueName: string } }) => f.properties.venueName === 'Secret Address');
  expect(feature.properties).toMatchObject({ sensitive: true, locationPrecision: 'exact' });
});

test('CSV and GeoJSON carry the filtered register', async () => {
  const csv = await anon.get('/api/leros.csv?clero=true');
  expect(csv.headers['content-type']).toContain('text/csv');
  const lines = csv.text.trim().split('\r\n');
  expect(lines[0]).toBe('id,name,stage,clero_member,local_authorities,funding,services,places,own_place,last_verified,website');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`${ids.alder},Alder Recovery,registered_charity_company,yes,Calderdale;Kirklees,direct,Alder Café;Alder House,2,yes,,`);
  const geo = JSON.parse((await anon.get('/api/leros.geojson')).text);
  expect(geo.features.map((f: { properties: { name: string; ownPlace: boolean } }) => [f.properties.name, f.properties.ownPlace]).sort())
    .toEqual([['Alder Recovery', true], ['Alder Recovery', true], ['Birch Peer Network', false]]); // both of Alder's places are its own
});

test('a LERO page: how often others knew it, by campaign and pooled; closed campaigns for commissioners only', async () => {
  const mine = (await anon.get(`/api/leros/${ids.alder}`)).body.linkage;
  expect(mine.campaigns.map((c: { campaignName: string; reached: number; knew: object }) => [c.campaignName, c.reached, c.knew])).toEqual([['Published round', 3, wilson(2, 3)]]);
  expect(mine.pooled).toEqual(wilson(2, 3));
  const theirs = (await commissioner.get(`/api/leros/${ids.alder}`)).body.linkage;
  expect(theirs.campaigns).toHaveLength(2);
  expect(theirs.pooled).toEqual(wilson(3, 4));
  expect((await anon.get(`/api/leros/${ids.pending}`)).status).toBe(404);
  expect((await anon.get(`/api/leros/${ids.treatment}`)).status).toBe(404);
  expect((await coord.get(`/api/leros/${ids.pending}`)).status).toBe(200);
});

test('the gaps a LERO covers: the only peer-support place reaches everyone covered; a co-located group adds nothing', async () => {
  expect((await anon.get(`/api/leros/${ids.alder}`)).body.coverage).toBeNull();
  const page = (await commissioner.get(`/api/leros/${ids.alder}`)).body;
  const summary = (await commissioner.get('/api/gaps/summary?category=lero_peer_support')).body.categories[0];
  const peer = page.coverage.categories.find((c: { category: string }) => c.category === 'lero_peer_support');
  expect(summary.populationCovered).toBeGreaterThan(0);
  expect(peer).toMatchObject({ places: 1, populationCovered: summary.populationCovered, populationCoveredWithout: 0, onlyReachedByIt: summary.populationCovered });
  const birch = (await commissioner.get(`/api/leros/${ids.birch}`)).body.coverage.categories;
  expect(birch).toEqual([expect.objectContaining({ category: 'mutual_aid', places: 1, onlyReachedByIt: 0 })]);
});

test('a coordinator verifies a LERO: the date shows in the register and the verified filter', async () => {
  expect((await commissioner.post(`/api/leros/${ids.birch}/verify`)).status).toBe(403);
  const res = await coord.post(`/api/leros/${ids.birch}/verify`);
  expect(res.status).toBe(200);
  expect(new Date(res.body.lastVerifiedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
  const names = (await anon.get('/api/leros?verified=within_year')).body.items.map((r: { name: string }) => r.name);
  expect(names).toEqual(['Birch Peer Network']);
  expect((await coord.post('/api/leros/00000000-0000-4000-8000-000000000001/verify')).status).toBe(404);
});
