import { createTestContext, type Client, type TestContext } from '../harness';

/**
 * Issue 10: the public listings' stored text (migration 2026120210) is all-ASCII JSON, every
 * other character written as its \u escape (a surrogate pair above U+FFFF), and reads back
 * as exactly the characters that were written, in the box and circle listings (stored
 * text, waymark_public_listing) and in the plain listing (escaped at read time).
 */
let ctx: TestContext;
let anon: Client, coord: Client;
const NAME = 'Café Ünïcode 😀 “Recovery” 北';
const VENUE = 'Salle Sainte-Thérèse – 2ᵉ étage';
beforeAll(async () => {
  ctx = await createTestContext();
  [anon, coord] = await Promise.all([ctx.as('anon'), ctx.as('coordinator')]);
  const res = await coord.post('/api/assets', {
    name: NAME, description: 'Émotions, 🌱 and quotes "like this" \\ back', category: 'social_leisure_arts', publish: true, confirmOutsideBoundary: true,
    sites: [{ lat: 53.7201, lng: -1.8611, venueName: VENUE }],
  });
  if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
});
afterAll(async () => { await ctx.close(); });

const box = 'bbox=-1.8621,53.7195,-1.8601,53.7207';
const circle = 'lat=53.7201&lng=-1.8611&withinMetres=50';

test.each([
  ['box JSON', `/api/assets?${box}`],
  ['circle JSON', `/api/assets?${circle}`],
  ['plain JSON', `/api/assets?q=${encodeURIComponent('Ünïcode')}`],
])('%s: ASCII on the wire, the same text once parsed', async (_label, url) => {
  const res = await anon.get(url);
  expect(res.status).toBe(200);
  expect(res.text).toMatch(/^[\x20-\x7e]*$/);
  const item = res.body.items.find((a: { name: string }) => a.name === NAME);
  expect(item).toBeDefined();
  expect(item.description).toBe('Émotions, 🌱 and quotes "like this" \\ back');
  expect(item.sites[0].venueName).toBe(VENUE);
});

test.each([
  ['box GeoJSON', `/api/assets?format=geojson&${box}`],
  ['circle GeoJSON', `/api/assets?format=geojson&${circle}`],
])('%s: ASCII on the wire, the same text once parsed', async (_label, url) => {
  const res = await anon.get(url);
  expect(res.status).toBe(200);
  expect(res.text).toMatch(/^[\x20-\x7e]*$/);
  const feature = res.body.features.find((f: { properties: { name: string } }) => f.properties.name === NAME);
  expect(feature.properties.venueName).toBe(VENUE);
});
