import { CITY_CENTRES, ENGLAND_BBOX, syntheticAssets } from './synthetic-assets';

const strip = ({ assetId: _a, siteId: _s, ...rest }: ReturnType<typeof first>) => rest;
const first = (n: number, options = {}) => [...syntheticAssets(n, options)][0];

describe('syntheticAssets', () => {
  test('every point lies inside the box', () => {
    for (const a of syntheticAssets(2000)) {
      expect(a.lng).toBeGreaterThanOrEqual(ENGLAND_BBOX.minLng);
      expect(a.lng).toBeLessThanOrEqual(ENGLAND_BBOX.maxLng);
      expect(a.lat).toBeGreaterThanOrEqual(ENGLAND_BBOX.minLat);
      expect(a.lat).toBeLessThanOrEqual(ENGLAND_BBOX.maxLat);
    }
  });

  test('the same seed gives the same records (ids aside)', () => {
    expect(strip(first(1, { seed: 7 }))).toEqual(strip(first(1, { seed: 7 })));
  });

  test('one in `sensitiveEvery` is sensitive', () => {
    const all = [...syntheticAssets(500, { sensitiveEvery: 50 })];
    expect(all.filter((a) => a.sensitive)).toHaveLength(10);
  });

  // Box–Muller from 30-bit uniforms never goes past sqrt(-2 ln 2^-30) ≈ 6.45 σ on an axis,
  // so a point is at most 6.45 × √2 × 8 km ≈ 73 km from its centre.
  test('fully clustered points sit within 73 km of a city centre', () => {
    const kmPerDegree = 111.32;
    for (const a of syntheticAssets(500, { clusteredShare: 1, clusterSigmaKm: 8 })) {
      const nearestKm = Math.min(
        ...CITY_CENTRES.map((c) => Math.hypot((a.lat - c.lat) * kmPerDegree, (a.lng - c.lng) * kmPerDegree * Math.cos((c.lat * Math.PI) / 180))),
      );
      expect(nearestKm).toBeLessThan(73);
    }
  });
});
