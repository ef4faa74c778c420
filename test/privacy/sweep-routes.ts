import type { Access } from '../../server/http/route';
import type { Client } from '../harness';
import type { LatLng } from './attack';

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
};

/** Routes that carry no value computed from any site's place, each with the reason. */
export const NO_LOCATION_VALUE: Record<string, string> = {
  'POST /api/auth/login': 'signs in: the account and a CSRF token',
  'POST /api/auth/logout': 'ends the session',
  'GET /api/auth/me': "the caller's own account",
  'GET /api/health': 'liveness only',
  'GET /api/vocabulary': 'static controlled vocabularies',
  'GET /api/config': 'static client settings',
  'GET /api/partnership': "the partnership's outline and box come from its boundary (or its LSOAs), never from sites",
  'GET /api/areas': 'LSOA boundaries, population and IMD 2019: reference data with no site-derived value',
  'GET /api/places': 'GeoNames town and village names: reference data with no site-derived value',
  'GET /api/postcodes/:postcode': "a postcode's ONS centroid: reference data, not joined to sites",
  'GET /api/organisations': 'organisations carry no place (asset counts are not location-filtered)',
  'GET /api/organisations/:id': 'organisations carry no place',
  'POST /api/organisations': 'organisations carry no place',
};

/** Parameterless GETs among NO_LOCATION_VALUE: the sweep checks they do not change when a refuge moves. */
export const NO_LOCATION_GETS = Object.keys(NO_LOCATION_VALUE).filter((k) => k.startsWith('GET ') && !k.includes(':'));
