import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import type { Access } from '../../server/http/route';
import type { Client } from '../harness';
import type { LatLng } from './attack';
import { unzipPackage } from '../../server/interop/openreferral/zip';
import { BOARD_PROBES } from './sweep-board';

/**
 * Which routes the standing privacy sweep (sweep.test.ts) exercises, and how. A route
 * any non-privileged role (anonymous, volunteer, commissioner, researcher) may call must
 * be in PROBES or in NO_LOCATION_VALUE with a reason; the sweep's meta-check fails
 * otherwise, so a route added later (linkage, gaps, Open Referral, OGC …) is forced in.
 */
export const NON_PRIVILEGED = ['anon', 'volunteer', 'commissioner', 'researcher'] as const;
export type NonPrivileged = (typeof NON_PRIVILEGED)[number];

export function allows(access: Access, who: NonPrivileged): boolean {
  if (access === 'anyone') return true;
  if (who === 'anon') return false;
  return access === 'signed_in' || access.includes(who);
}

/** What the sweep knows: the sensitive places (by id) and records a probe may use. */
export type SweepFixture = {
  refuges: { name: string; assetId: string; siteId: string }[];
  /** The volunteer's own pending record, which PATCH probes move about and then put back. */
  ownPendingId: string;
  ownPendingHome: { name: string; at: LatLng };
  /** Records a probe created, for the test to remove so probes stay independent. */
  created: string[];
  /** Linkage campaigns whose frames hold the refuges: published, closed (its "before"), and one in progress. */
  campaigns: { publishedId: string; closedId: string; openId: string };
  /** Where each created record was put (its own input: public), for checking distances to it after it is removed. */
  createdPoints: Map<string, LatLng[]>;
};

/** One request a probe made: what it sent (points it may echo back) and what came back. */
export type Observation = { label: string; inputs: LatLng[]; status: number; body: unknown };

/**
 * `fine`: run at every point of the fine grid around each refuge; `coarse`: at every
 * other point; `once`: once per role (the point is not an input).
 */
export type RouteProbe = {
  grid: 'fine' | 'coarse' | 'once';
  run(client: Client, at: LatLng, fx: SweepFixture, who: NonPrivileged): Promise<Observation[]>;
};

const observe = async (label: string, inputs: LatLng[], req: PromiseLike<{ status: number; body: unknown }>): Promise<Observation> => {
  const res = await req;
  return { label, inputs, status: res.status, body: res.body };
};

export const PROBES: Record<string, RouteProbe> = {
  'GET /api/connect/search': {
    // One read per point (the grid is within 300 m of each refuge, so 0.5 km holds it); the
    // "nearest beyond" answer comes from the same candidates (test/api/connect.test.ts).
    // Every role is answered from the public read model by the same code, so it is probed
    // as anonymous only: the sweep already runs near its time limit on a loaded machine.
    grid: 'coarse',
    run: async (c, at, _fx, who) => (who === 'anon'
      ? [await observe('finder 0.5 km', [at], c.get(`/api/connect/search?lat=${at.lat}&lng=${at.lng}&withinKm=0.5&limit=10`))]
      : []),
  },
  'GET /api/assets': {
    grid: 'fine',
    run: async (c, at) => {
      const d = 0.003;
      return [
        await observe('near 150 m', [at], c.get(`/api/assets?lat=${at.lat}&lng=${at.lng}&withinMetres=150`)),
        await observe('near 2 km', [at], c.get(`/api/assets?lat=${at.lat}&lng=${at.lng}&withinMetres=2000&limit=100`)),
        await observe('bbox geojson', [], c.get(`/api/assets?format=geojson&bbox=${at.lng - d},${at.lat - d},${at.lng + d},${at.lat + d}`)),
      ];
    },
  },
  'GET /api/me/assets': {
    grid: 'once',
    run: async (c) => [await observe('my records', [], c.get('/api/me/assets'))],
  },
  'GET /api/assets/:id': {
    grid: 'once',
    run: async (c, _at, fx) => Promise.all(fx.refuges.map((r) => observe(`get ${r.name}`, [], c.get(`/api/assets/${r.assetId}`)))),
  },
  'POST /api/assets/duplicates': {
    grid: 'fine',
    run: async (c, at, fx) => Promise.all(fx.refuges.map((r) => observe(`duplicates of ${r.name}`, [at], c.post('/api/assets/duplicates', { name: r.name, points: [at] })))),
  },
  'POST /api/assets': {
    grid: 'coarse',
    run: async (c, at, fx) => {
      const out: Observation[] = [];
      for (const r of fx.refuges) {
        const o = await observe(`create like ${r.name}`, [at], c.post('/api/assets', { name: r.name, category: 'housing', sites: [at] }));
        const id = (o.body as { asset?: { id: string } }).asset?.id;
        if (id) {
          fx.created.push(id);
          fx.createdPoints.set(id, [at]);
        }
        // Linking to the refuge's site must be refused exactly as a site that does not exist.
        out.push(o, await observe(`link to ${r.name}`, [], c.post('/api/assets', { name: 'Linked record', category: 'advice', sites: [{ id: r.siteId }] })));
      }
      return out;
    },
  },
  'PATCH /api/assets/:id': {
    grid: 'coarse',
    run: async (c, at, fx) => {
      const out: Observation[] = [];
      for (const r of fx.refuges) {
        out.push(await observe(`move own record, named like ${r.name}`, [at], c.patch(`/api/assets/${fx.ownPendingId}`, { name: r.name, sites: [at] })));
      }
      out.push(await observe('link own record to a refuge', [], c.patch(`/api/assets/${fx.ownPendingId}`, { sites: [{ id: fx.refuges[0].siteId }] })));
      const home = await c.patch(`/api/assets/${fx.ownPendingId}`, { name: fx.ownPendingHome.name, sites: [fx.ownPendingHome.at] });
      if (home.status !== 200) throw new Error(`could not put the probe record back: ${home.status}`);
      return out;
    },
  },

  // Linkage (issue 6): every read a non-privileged role may make of a campaign whose pairs have refuges at their ends.
  'GET /api/campaigns': { grid: 'once', run: async (c) => [await observe('campaign list', [], c.get('/api/campaigns'))] },
  'GET /api/campaigns/:id': { grid: 'once', run: async (c, _at, fx) => campaignReads(c, fx, (id) => `/api/campaigns/${id}`) },
  'GET /api/campaigns/:id/frame': { grid: 'once', run: async (c, _at, fx) => campaignReads(c, fx, (id) => `/api/campaigns/${id}/frame`) },
  'GET /api/campaigns/:id/pairs': { grid: 'once', run: async (c, _at, fx) => campaignReads(c, fx, (id) => `/api/campaigns/${id}/pairs?limit=500`) },
  'GET /api/campaigns/:id/results': { grid: 'once', run: async (c, _at, fx) => campaignReads(c, fx, (id) => `/api/campaigns/${id}/results`) },
  'GET /api/campaigns/:id/comparison': {
    grid: 'once',
    run: async (c, _at, fx) => [await observe('comparison', [], c.get(`/api/campaigns/${fx.campaigns.publishedId}/comparison?with=${fx.campaigns.closedId}`))],
  },
  'GET /api/campaigns/:id/export/summary.json': { grid: 'once', run: async (c, _at, fx) => campaignReads(c, fx, (id) => `/api/campaigns/${id}/export/summary.json`) },
  'GET /api/campaigns/:id/pathways.geojson': {
    grid: 'once',
    run: async (c, _at, fx) => [
      ...(await campaignReads(c, fx, (id) => `/api/campaigns/${id}/pathways.geojson`)),
      ...(await campaignReads(c, fx, (id) => `/api/campaigns/${id}/pathways.geojson?layer=assets`)),
    ],
  },
  'GET /api/campaigns/:id/export/pairs.csv': { grid: 'once', run: async (c, _at, fx) => campaignReads(c, fx, (id) => `/api/campaigns/${id}/export/pairs.csv`) },
  'GET /api/campaigns/:id/export/attempts.csv': { grid: 'once', run: async (c, _at, fx) => campaignReads(c, fx, (id) => `/api/campaigns/${id}/export/attempts.csv`) },
  'GET /api/campaigns/:id/export/codebook.csv': { grid: 'once', run: async (c, _at, fx) => campaignReads(c, fx, (id) => `/api/campaigns/${id}/export/codebook.csv`) },
  'GET /api/worklist': { grid: 'once', run: async (c) => [await observe('worklist', [], c.get('/api/worklist'))] },
  'GET /api/linkage/callers': { grid: 'once', run: async (c) => [await observe('callers', [], c.get('/api/linkage/callers'))] },
  'GET /api/linkage/sample-size': { grid: 'once', run: async (c) => [await observe('sample size', [], c.get('/api/linkage/sample-size?rate=0.6&halfWidth=0.1'))] },
  'GET /api/linkage/comparison-size': { grid: 'once', run: async (c) => [await observe('comparison size', [], c.get('/api/linkage/comparison-size?before=0.56&after=0.66'))] },
  // Open standards (issue 9): Open Referral (HSDS 3 and the UK profile), OGC API Features, Meeting Guide and file exports.
  ...openReferralProbes(''),
  ...openReferralProbes('/uk'),
  'GET /openreferral/organizations': { grid: 'once', run: async (c) => [await observe('hsds organizations', [], c.get('/openreferral/organizations?per_page=500'))] },
  'GET /openreferral/organizations/:id': {
    grid: 'once',
    run: async (c) => {
      const list = await c.get('/openreferral/organizations?per_page=500');
      const ids = ((list.body as { contents?: { id: string }[] }).contents ?? []).map((o) => o.id);
      return Promise.all(ids.map((id) => observe(`hsds organization ${id}`, [], c.get(`/openreferral/organizations/${id}`))));
    },
  },
  'GET /ogc': { grid: 'once', run: async (c) => [await observe('ogc landing', [], c.get('/ogc'))] },
  'GET /ogc/conformance': { grid: 'once', run: async (c) => [await observe('ogc conformance', [], c.get('/ogc/conformance'))] },
  'GET /ogc/api': { grid: 'once', run: async (c) => [await observe('ogc openapi', [], c.get('/ogc/api'))] },
  'GET /ogc/collections': { grid: 'once', run: async (c) => [await observe('ogc collections', [], c.get('/ogc/collections'))] },
  'GET /ogc/collections/:collectionId': {
    grid: 'once',
    run: async (c) => Promise.all([...OGC_COLLECTIONS, 'gap-cells'].map((id) => observe(`ogc collection ${id}`, [], c.get(`/ogc/collections/${id}`)))),
  },
  'GET /ogc/collections/:collectionId/items': {
    grid: 'coarse',
    run: async (c, at) => {
      const d = 0.003;
      const bbox = `${at.lng - d},${at.lat - d},${at.lng + d},${at.lat + d}`;
      return Promise.all([
        ...OGC_COLLECTIONS.map((id) => observe(`ogc ${id} items in a box`, [], c.get(`/ogc/collections/${id}/items?bbox=${bbox}&limit=1000`))),
        // As the gaps probe: 250 m cells of housing (the refuges' category), so a refuge's move inside its cell would show.
        observe('ogc gap-cells in a box', [], c.get(`/ogc/collections/gap-cells/items?${OGC_GAP_QUERY}&bbox=${bbox}&limit=1000`)),
      ]);
    },
  },
  'GET /ogc/collections/:collectionId/items/:featureId': {
    grid: 'once',
    run: async (c, _at, fx, who) => {
      const out: Observation[] = [];
      out.push(await observe('ogc gap-cells, all', [], c.get(`/ogc/collections/gap-cells/items?${OGC_GAP_QUERY}&limit=1000`)));
      const item = async (id: string, f: { id: string }) => out.push(await observe(`ogc ${id} item`, [], c.get(`/ogc/collections/${id}/items/${encodeURIComponent(f.id)}`)));
      for (const id of OGC_COLLECTIONS) {
        const all = await c.get(`/ogc/collections/${id}/items?limit=1000`);
        for (const f of ((all.body as { features?: { id: string }[] }).features ?? [])) await item(id, f);
      }
      // Gap cells one by one (housing, at the item route's 500 m default) around each refuge's public
      // point: the cells whose values a refuge's place could move. The list above covers the rest.
      for (const r of fx.refuges) {
        const site = (await c.get(`/ogc/collections/sites/items/${r.siteId}`)).body as { geometry?: { coordinates: [number, number] } };
        if (!site.geometry) continue;
        const [lng, lat] = site.geometry.coordinates;
        const near = await c.get(`/ogc/collections/gap-cells/items?category=housing&bbox=${lng - 0.02},${lat - 0.012},${lng + 0.02},${lat + 0.012}&limit=1000`);
        const cells = (near.body as { features?: { id: string }[] }).features ?? [];
        // The probe must reach cells for the roles that read gaps, or it would pass by probing nothing.
        if (GAP_READER_ROLES.includes(who) && !cells.length) throw new Error(`no gap cells near refuge ${r.name} for ${who}`);
        for (const f of cells) await item('gap-cells', f);
      }
      return out;
    },
  },
  'GET /api/exports/assets.csv': { grid: 'once', run: async (c) => [await text('assets csv', c.get('/api/exports/assets.csv'))] },
  'GET /api/exports/assets.geojson': { grid: 'once', run: async (c) => [await observe('assets geojson', [], c.get('/api/exports/assets.geojson'))] },
  'GET /api/exports/meeting-guide': { grid: 'once', run: async (c) => [await observe('meeting guide feed', [], c.get('/api/exports/meeting-guide'))] },
  'GET /api/exports/hsds/:file': {
    grid: 'once',
    run: async (c) => {
      const pkg = await c.get('/api/exports/hsds/datapackage.json');
      const files = ((pkg.body as { resources?: { path: string }[] }).resources ?? []).map((r) => r.path);
      // The zip holds the same files: each is observed as text, like the CSVs on their own.
      const zip = await c.get('/api/exports/hsds/datapackage.zip').buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (b: Buffer) => chunks.push(b));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      const zipped = Object.entries(await unzipPackage(new Uint8Array(zip.body as Buffer))).map(([name, body]): Observation => ({ label: `datapackage.zip ${name}`, inputs: [], status: zip.status, body }));
      return [await observe('datapackage.json', [], Promise.resolve(pkg)), ...(await Promise.all(files.map((f) => text(f, c.get(`/api/exports/hsds/${f}`))))), ...zipped];
    },
  },
  // Vector tiles (issue 10): the z14 tile holding the probe point, decoded to GeoJSON so every point and property is checked.
  'GET /tiles/assets/:z/:x/:y.mvt': {
    grid: 'fine',
    run: async (c, at) => {
      const n = 2 ** 14;
      const rad = (at.lat * Math.PI) / 180;
      const [x, y] = [Math.floor(((at.lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
      const res = await c.get(`/tiles/assets/14/${x}/${y}.mvt`).responseType('blob');
      const layer = res.status === 200 && res.body.length ? new VectorTile(new PbfReader(res.body)).layers.assets : null;
      const features = layer ? Array.from({ length: layer.length }, (_, i) => layer.feature(i).toGeoJSON(x, y, 14)) : [];
      return [{ label: `z14 tile ${x}/${y}`, inputs: [], status: res.status, body: { type: 'FeatureCollection', features } }];
    },
  },
  // Coverage gaps (issue 7): 250 m hexagons around the refuges, so a nearest distance or a count would show a refuge's move inside its cell.
  'GET /api/gaps/cells': { grid: 'once', run: async (c) => [await observe('gap cells', [], c.get(`/api/gaps/cells?category=housing&cellSize=250`))] },
  'GET /api/gaps/cells.csv': {
    grid: 'once',
    run: async (c) => {
      const res = await c.get('/api/gaps/cells.csv?category=housing&cellSize=250');
      return [{ label: 'gap cells csv', inputs: [], status: res.status, body: res.text }];
    },
  },
  'GET /api/leros': {
    grid: 'once',
    run: async (c) => [await observe('lero register', [], c.get('/api/leros')), await observe('lero register search', [], c.get('/api/leros?q=Northgate&sort=services'))],
  },
  'GET /api/leros.geojson': { grid: 'once', run: async (c) => [await observe('lero places geojson', [], c.get('/api/leros.geojson'))] },
  'GET /api/leros/:id': {
    grid: 'once',
    run: async (c) => {
      const items = (await c.get('/api/leros')).body.items as { id: string; name: string }[];
      return Promise.all(items.map((l) => observe(`lero page ${l.name}`, [], c.get(`/api/leros/${l.id}`))));
    },
  },
  'GET /api/gaps/summary': { grid: 'once', run: async (c) => [await observe('gap summary', [], c.get('/api/gaps/summary?category=housing&cellSize=250'))] },
  'GET /api/gaps/suggestions': { grid: 'once', run: async (c) => [await observe('gap suggestions', [], c.get('/api/gaps/suggestions?category=housing&cellSize=250&k=3'))] },
  'POST /api/gaps/what-if': {
    grid: 'coarse',
    run: async (c, at) => [await observe('what-if at the probe', [at], c.post('/api/gaps/what-if', { category: 'housing', cellSize: 250, assets: [at] }))],
  },  // The dashboard, its snapshots and the CQS report with its maps and PDF (issue 19).
  ...BOARD_PROBES,
};

const OGC_COLLECTIONS = ['assets', 'sites', 'leros', 'pathways'];
const OGC_GAP_QUERY = 'category=housing&cellSize=250';
const GAP_READER_ROLES: readonly NonPrivileged[] = ['commissioner', 'researcher'];

/** A response kept as text (CSV), so the moved-refuge comparison covers every cell of it. */
async function text(label: string, req: PromiseLike<{ status: number; text: string }>): Promise<Observation> {
  const res = await req;
  return { label, inputs: [], status: res.status, body: res.text };
}

/** Open Referral reads under one mount (`` for HSDS 3, `/uk` for the UK profile). */
function openReferralProbes(mode: '' | '/uk'): Record<string, RouteProbe> {
  const base = `/openreferral${mode}`;
  const near = (path: string): RouteProbe => ({
    grid: 'fine',
    run: async (c, at) => [await observe(`${base}${path} near`, [at], c.get(`${base}${path}?lat=${at.lat}&lng=${at.lng}&proximity=400&per_page=500`))],
  });
  const everyOne = (path: string): RouteProbe => ({
    grid: 'once',
    run: async (c) => {
      const list = await c.get(`${base}${path}?per_page=500`);
      const ids = ((list.body as { contents?: { id: string }[] }).contents ?? []).map((o) => o.id);
      return [await observe(`${base}${path} list`, [], Promise.resolve(list)), ...(await Promise.all(ids.map((id) => observe(`${base}${path}/${id}`, [], c.get(`${base}${path}/${id}`)))))];
    },
  });
  const once = (path: string): RouteProbe => ({ grid: 'once', run: async (c) => [await observe(`${base}${path}`, [], c.get(`${base}${path}`))] });
  return {
    [`GET ${base}`]: once(''),
    [`GET ${base}/services`]: near('/services'),
    [`GET ${base}/services/:id`]: everyOne('/services'),
    [`GET ${base}/service_at_locations`]: near('/service_at_locations'),
    [`GET ${base}/service_at_locations/:id`]: everyOne('/service_at_locations'),
    [`GET ${base}/taxonomies`]: once('/taxonomies'),
    [`GET ${base}/taxonomies/:id`]: everyOne('/taxonomies'),
    [`GET ${base}/taxonomy_terms`]: once('/taxonomy_terms?per_page=500'),
    [`GET ${base}/taxonomy_terms/:id`]: everyOne('/taxonomy_terms'),
  };
}

/** The same read of each sweep campaign; CSV bodies are kept as text so the moved-refuge comparison covers them too. */
async function campaignReads(c: Client, fx: SweepFixture, url: (id: string) => string): Promise<Observation[]> {
  const out: Observation[] = [];
  for (const [which, id] of Object.entries(fx.campaigns)) {
    const res = await c.get(url(id));
    out.push({ label: `${which} campaign ${url('…')}`, inputs: [], status: res.status, body: res.type === 'text/csv' ? res.text : res.body });
  }
  return out;
}

/** Routes that carry no value computed from any site's place, each with the reason. */
export const NO_LOCATION_VALUE: Record<string, string> = {
  'POST /api/auth/login': 'signs in: the account and a CSRF token',
  'POST /api/auth/logout': 'ends the session',
  'POST /api/auth/set-password': "spends a set-password link: the account's own email back",
  'GET /api/auth/me': "the caller's own account",
  'POST /api/auth/tokens': "a new access token of the caller's own (its name, scope and dates); what it reads is swept in test/privacy/token-access.test.ts",
  'GET /api/auth/tokens': "the caller's own access tokens: names, scope and dates",
  'DELETE /api/auth/tokens/:id': "one of the caller's own access tokens, revoked",
  'GET /api/health': 'liveness only',
  'GET /api/jobs/:id': "a job's state and report, only to its owner (imports: coordinators and admins, who see exact places) and admins; anyone else gets 404",
  'GET /api/vocabulary': 'static controlled vocabularies',
  'GET /api/config': 'static client settings',
  'GET /api/partnership': "the partnership's outline and box come from its boundary (or its LSOAs), never from sites; publishedPlaces is a count of the public read model's rows, nothing of where",
  'GET /api/areas': 'LSOA boundaries, population and IMD 2019: reference data with no site-derived value',
  'GET /api/places': 'GeoNames town and village names: reference data with no site-derived value',
  'GET /api/postcodes/:postcode': "a postcode's ONS centroid: reference data, not joined to sites",
  'GET /api/organisations': 'organisations carry no place (asset counts are not location-filtered)',
  'GET /api/leros.csv': 'the LERO register as CSV: names, codes, service names and counts of places, no point and no venue',
  'GET /api/participation/rounds': 'review rounds: titles, dates and counts',
  'GET /api/participation/rounds/:id': 'a review round: service names and categories, rungs and reasons; no place',
  'GET /api/participation/rounds/:id/profile': 'counts of services per rung and band, by perspective; no place',
  'POST /api/participation/rounds/:id/entries': 'the entry recorded (a rung and a reason) echoed back',
  'GET /api/organisations/:id': 'organisations carry no place',
  'POST /api/organisations': 'organisations carry no place',
  'POST /api/campaigns': 'a campaign design (frame filters are categories, who-for, kinds and area codes matched on public points)',
  'PATCH /api/campaigns/:id': 'the campaign design echoed back',
  'POST /api/campaigns/:id/draw': 'a count of pairs drawn and the campaign design; the pairs are read (and swept) through /pairs and /results',
  'POST /api/campaigns/:id/assignments': 'how many pairs were assigned and their ids',
  'POST /api/campaigns/:id/close': 'the campaign design and its status',
  'POST /api/campaigns/:id/publish': 'the campaign design and its status',
  'POST /api/campaigns/:id/unpublish': 'the campaign design and its status',
  'POST /api/campaign-pairs/:id/attempts': "the caller's own attempt and the pair's status and outcome",
  'POST /api/campaign-pairs/:id/second-coding': "the second coder's own coding echoed back",
  'GET /api/linkage/service-agreements': 'which services agreed to publication of their figures: ids, names, dates and notes, no place',
  'POST /api/linkage/service-agreements': 'the agreements list, as GET',
  'GET /api/docs/:name': 'the method and ethics documents: static Markdown files',
};

/** Parameterless GETs among NO_LOCATION_VALUE: the sweep checks they do not change when a refuge moves. */
export const NO_LOCATION_GETS = Object.keys(NO_LOCATION_VALUE).filter((k) => k.startsWith('GET ') && !k.includes(':'));
