import { nearEarlier } from './nearby';
import { destination } from '../../../test/geo-reference';

test('flags a point with an earlier one within the radius, checked with geodesic offsets', () => {
  const a = { lat: 53.72, lng: -1.86 };
  const pts = [a, destination(a.lat, a.lng, 45, 150), destination(a.lat, a.lng, 200, 260), destination(a.lat, a.lng, 90, 5000)];
  // The second is 150 m from the first; the third 260 m from the first and ~400 m from the second; the fourth 5 km off.
  const near = nearEarlier(pts, 200);
  expect([0, 1, 2, 3].map((i) => near.has(i))).toEqual([false, true, false, false]);
});

test('points either side of a bucket edge are still compared', () => {
  const a = { lat: 53.7, lng: -1.8 };
  const b = destination(a.lat, a.lng, 0, 190);
  expect(nearEarlier([a, b], 200)).toEqual(new Set([1]));
  expect(nearEarlier([a, destination(a.lat, a.lng, 0, 210)], 200)).toEqual(new Set());
});
