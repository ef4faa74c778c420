import request from 'supertest';
import { createDemoContext, type DemoContext } from '../demo-context';
import { hsdsValidator } from './hsds-validator';
import { geodesicDistance } from '../geo-reference';
import { serviceAtLocationId } from '../../server/interop/ids';
import { taxonomyId, termId } from '../../server/interop/openreferral/taxonomy';
import type { Client } from '../harness';

/**
 * The Open Referral API over the whole Calderdale demo: every page and every record
 * validates against the vendored HSDS 3 (and, under /openreferral/uk, ORUK) schemas with
 * Ajv 2020-12; every record is checked against its database row; sensitive places are
 * masked for everyone but coordinators and admins.
 */
let ctx: DemoContext;
let coordinator: Client;
type Row = { id: string; name: string; description: string | null; website: string | null; category: string; sensitive: boolean; organisation_id: string | null; last_verified_at: Date | null };
let published: Row[];
type SiteRow = { asset_id: string; site_id: string; sensitive: boolean; lat: number; lng: number; plat: number; plng: number; venue_name: string | null; postcode: string | null };
let links: SiteRow[];

beforeAll(async () => {
  ctx = await createDemoContext();
  coordinator = await ctx.as('coordinator');
  published = await ctx.db.knex('asset').where({ status: 'published' }).select('id', 'name', 'description', 'website', 'category', 'sensitive', 'organisation_id', 'last_verified_at');
  links = (await ctx.db.knex.raw(
    `SELECT x.asset_id, x.site_id, s.sensitive, ST_Y(s.geom) AS lat, ST_X(s.geom) AS lng, ST_Y(s.geom_public) AS plat, ST_X(s.geom_public) AS plng, s.venue_name, s.postcode
       FROM asset_site x JOIN asset a ON a.id = x.asset_id JOIN site s ON s.id = x.site_id WHERE a.status = 'published'`,
  )).rows;
}, 240_000);
afterAll(async () => ctx.close());

const anon = () => ({ get: (url: string) => request(ctx.app).get(url) });

/** Every page of a listing, validated; returns all contents. */
async function walk(client: { get(url: string): request.Test }, base: string, itemFile: string, check: ReturnType<typeof hsdsValidator>, perPage = 40) {
  const all: any[] = [];
  for (let page = 1; ; page++) {
    const res = await client.get(`${base}${base.includes('?') ? '&' : '?'}page=${page}&per_page=${perPage}`);
    expect(res.status).toBe(200);
    expect(check.checkPage(itemFile, res.body)).toEqual([]);
    expect(res.body.page_number).toBe(page);
    expect(res.body.size).toBe(res.body.contents.length);
    expect(res.body.total_pages).toBe(Math.ceil(res.body.total_items / perPage));
    all.push(...res.body.contents);
    if (res.body.last_page) {
      expect(all).toHaveLength(res.body.total_items);
      return all;
    }
  }
}

describe.each([['hsds', '/openreferral'], ['uk', '/openreferral/uk']] as const)('%s profile at %s', (profile, base) => {
  const check = hsdsValidator(profile);

  test('the validator does reject what breaks the schema, nested refs included', () => {
    expect(check.check('service.json', { id: 'not-a-uuid', name: 'x' }).length).toBeGreaterThanOrEqual(2);
    const ok = { id: '0b5c1f5e-3a1e-4b7e-9b9f-0e6c2c7d1a11', name: 'x', status: 'active' };
    expect(check.check('service.json', ok)).toEqual([]);
    expect(check.check('service.json', { ...ok, schedules: [{ id: ok.id, freq: 'DAILY' }] })).not.toEqual([]);
    expect(check.check('service.json', { ...ok, service_at_locations: [{ id: ok.id, location: { id: ok.id, location_type: 'physical', latitude: null } }] })).not.toEqual([]);
    expect(check.checkPage('compiled/service_list.json', { total_items: 1, contents: [ok] })).not.toEqual([]);
  });

  test('landing page', async () => {
    const res = await request(ctx.app).get(base);
    expect(res.status).toBe(200);
    expect(check.checkLanding(res.body)).toEqual([]);
    expect(res.body.version).toBe('3.0');
  });

  test('every service: each page and each full record validate, and match the database row by row', async () => {
    const list = await walk(anon(), `${base}/services`, 'compiled/service_list.json', check);
    expect(list.map((s) => s.id).sort()).toEqual(published.map((a) => a.id).sort());
    for (const row of published) {
      const res = await request(ctx.app).get(`${base}/services/${row.id}`);
      expect(res.status).toBe(200);
      expect({ id: row.id, problems: check.check('service.json', res.body) }).toEqual({ id: row.id, problems: [] });
      expect(res.body).toMatchObject({ id: row.id, name: row.name, status: 'active' });
      expect(res.body.description).toBe(row.description ?? undefined);
      expect(res.body.url).toBe(row.website ?? undefined);
      expect(res.body.assured_date).toBe(row.last_verified_at?.toISOString().slice(0, 10));
      expect(res.body.organization?.id).toBe(row.organisation_id ?? undefined);
      expect(res.body.service_at_locations.map((l: any) => l.location.id).sort()).toEqual(links.filter((l) => l.asset_id === row.id).map((l) => l.site_id).sort());
      expect(res.body.attributes.some((a: any) => a.taxonomy_term.id === termId('category', row.category))).toBe(true);
    }
  });

  test('every service at a location: pages and full records validate', async () => {
    const list = await walk(anon(), `${base}/service_at_locations`, 'compiled/service_at_location_list.json', check, 100);
    expect(list.map((s) => s.id).sort()).toEqual(links.map((l) => serviceAtLocationId(l.asset_id, l.site_id)).sort());
    for (const item of list) {
      const res = await request(ctx.app).get(`${base}/service_at_locations/${item.id}`);
      expect(res.status).toBe(200);
      expect(check.check('service_at_location.json', res.body)).toEqual([]);
      expect(res.body.location.id).toBe(item.location_id);
    }
  });

  test('taxonomies and terms validate; Waymark categories, who-for and record details are there', async () => {
    const taxonomies = await walk(anon(), `${base}/taxonomies`, 'taxonomy.json', check);
    expect(taxonomies.map((t) => t.id).sort()).toEqual([taxonomyId('category'), taxonomyId('who_for'), taxonomyId('field')].sort());
    const terms = await walk(anon(), `${base}/taxonomy_terms`, 'taxonomy_term.json', check, 10);
    // 14 categories, 11 who-for, 11 record details (sensitive … schedule notes).
    expect(terms).toHaveLength(14 + 11 + 11);
    const one = await request(ctx.app).get(`${base}/taxonomy_terms/${termId('category', 'mutual_aid')}`);
    expect(check.check('taxonomy_term.json', one.body)).toEqual([]);
    expect(one.body).toMatchObject({ code: 'mutual_aid', name: 'Mutual aid' });
    const tax = await request(ctx.app).get(`${base}/taxonomies/${taxonomyId('who_for')}`);
    expect(check.check('taxonomy.json', tax.body)).toEqual([]);
  });

  test('sensitive places are masked for the public and exact for coordinators', async () => {
    const sensitive = links.filter((l) => l.sensitive);
    expect(sensitive.length).toBeGreaterThan(0);
    for (const link of sensitive) {
      const [pub, coord] = await Promise.all([request(ctx.app).get(`${base}/services/${link.asset_id}`), coordinator.get(`${base}/services/${link.asset_id}`)]);
      const pubLoc = pub.body.service_at_locations.find((s: any) => s.location.id === link.site_id).location;
      const coordLoc = coord.body.service_at_locations.find((s: any) => s.location.id === link.site_id).location;
      expect([pubLoc.latitude, pubLoc.longitude]).toEqual([link.plat, link.plng]);
      expect(geodesicDistance({ lat: pubLoc.latitude, lng: pubLoc.longitude }, link)).toBeGreaterThan(0);
      expect(pubLoc.name).toBeUndefined();
      expect(pubLoc.addresses ?? []).toEqual([]);
      expect(JSON.stringify(pub.body)).not.toContain(link.postcode!);
      expect([coordLoc.latitude, coordLoc.longitude]).toEqual([link.lat, link.lng]);
    }
  });
});

describe('HSDS filters', () => {
  test('organizations: pages and records validate (with their published services)', async () => {
    const check = hsdsValidator('hsds');
    const orgs = await walk(anon(), '/openreferral/organizations', 'compiled/organization_list.json', check, 5);
    expect(orgs).toHaveLength(Number((await ctx.db.knex('organisation').whereNull('archived_at').count('* as n'))[0].n));
    for (const o of orgs) {
      const res = await request(ctx.app).get(`/openreferral/organizations/${o.id}`);
      expect(check.check('organization.json', res.body)).toEqual([]);
      for (const s of res.body.services) expect(check.check('compiled/service_list.json', s)).toEqual([]);
      expect(res.body.services.map((s: any) => s.id).sort()).toEqual(published.filter((a) => a.organisation_id === o.id).map((a) => a.id).sort());
    }
  });

  test('taxonomy term and taxonomy filters select exactly the matching services', async () => {
    const check = hsdsValidator('hsds');
    const mutualAid = await walk(anon(), `/openreferral/services?taxonomy_term_id=${termId('category', 'mutual_aid')}`, 'compiled/service_list.json', check);
    expect(mutualAid.map((s) => s.id).sort()).toEqual(published.filter((a) => a.category === 'mutual_aid').map((a) => a.id).sort());
    const whoForRows = await ctx.db.knex('asset').where({ status: 'published' }).whereRaw(`who_for <> '{}'`).select('id');
    const anyWhoFor = await walk(anon(), `/openreferral/services?taxonomy_id=${taxonomyId('who_for')}`, 'compiled/service_list.json', check);
    expect(anyWhoFor.map((s) => s.id).sort()).toEqual(whoForRows.map((r: { id: string }) => r.id).sort());
    const unknown = await request(ctx.app).get(`/openreferral/services?taxonomy_term_id=00000000-0000-4000-8000-000000000000`);
    expect(unknown.body).toMatchObject({ total_items: 0, empty: true, contents: [] });
  });

  test('search finds a service by a word of its name', async () => {
    const target = published.find((a) => a.name.split(' ').length > 1)!;
    const res = await request(ctx.app).get(`/openreferral/services?search=${encodeURIComponent(target.name)}`);
    expect(res.body.contents.map((s: any) => s.id)).toContain(target.id);
  });

  test('proximity around a postcode: exactly the public points within the distance (independent geodesic check)', async () => {
    const pc = await ctx.db.knex.raw(`SELECT postcode, ST_Y(geom) AS lat, ST_X(geom) AS lng FROM postcode WHERE postcode LIKE 'HX1 %' AND terminated_on IS NULL ORDER BY postcode LIMIT 1`);
    const centre = pc.rows[0];
    const metres = 1500;
    const res = await request(ctx.app).get(`/openreferral/service_at_locations?postcode=${encodeURIComponent(centre.postcode)}&proximity=${metres}&per_page=500`);
    expect(res.status).toBe(200);
    const got = new Set(res.body.contents.map((s: any) => s.id));
    const margin = 0.5; // metres: PostGIS and GeographicLib agree far closer than this
    for (const l of links) {
      const d = geodesicDistance(centre, { lat: l.plat, lng: l.plng });
      if (Math.abs(d - metres) < margin) continue;
      expect({ link: l.site_id, inside: got.has(serviceAtLocationId(l.asset_id, l.site_id)) }).toEqual({ link: l.site_id, inside: d < metres });
    }
    expect(got.size).toBeGreaterThan(0);
  });

  test('a narrow search at a sensitive place finds it for a coordinator only', async () => {
    const link = links.find((l) => l.sensitive)!;
    const url = `/openreferral/services?lat=${link.lat}&lng=${link.lng}&proximity=5`;
    const [pub, coord] = await Promise.all([request(ctx.app).get(url), coordinator.get(url)]);
    expect(pub.body.contents.map((s: any) => s.id)).not.toContain(link.asset_id);
    expect(coord.body.contents.map((s: any) => s.id)).toContain(link.asset_id);
  });

  test('unknown parameters and bad values are 400s naming the field; unknown ids 404', async () => {
    const bad = await request(ctx.app).get('/openreferral/services?colour=blue');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ field: 'query.colour', message: 'is not a known field' }]);
    const prox = await request(ctx.app).get('/openreferral/services?proximity=100');
    expect(prox.body.error.details[0].field).toBe('query.proximity');
    expect((await request(ctx.app).get('/openreferral/services/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    const pending = await ctx.db.knex('asset').where({ status: 'pending' }).first('id');
    expect((await coordinator.get(`/openreferral/services/${pending.id}`)).status).toBe(404);
    expect((await request(ctx.app).get('/openreferral/nothing')).status).toBe(404);
  });
});
