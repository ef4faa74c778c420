import { isTile, tileBox } from './tile-math';

test('a tile box is the Web Mercator square, worked by hand at z0 and z1', () => {
  const world = tileBox({ z: 0, x: 0, y: 0 });
  // atan(sinh(π)) in degrees: the Web Mercator latitude limit.
  expect(world.maxLat).toBeCloseTo(85.0511287798, 9);
  expect(world.minLat).toBeCloseTo(-85.0511287798, 9);
  expect([world.minLng, world.maxLng]).toEqual([-180, 180]);
  const ne = tileBox({ z: 1, x: 1, y: 0 });
  expect([ne.minLng, ne.maxLng, ne.minLat]).toEqual([0, 180, 0]);
  expect(ne.maxLat).toBeCloseTo(85.0511287798, 9);
});

test('the z14 tile holding Halifax town centre, and its buffer', () => {
  // Halifax (-1.8600, 53.7200): x = floor((−1.86 + 180) / 360 × 2^14) = 8107, y = floor((1 − ln(tan φ + sec φ)/π) / 2 × 2^14) = 5282.
  const box = tileBox({ z: 14, x: 8107, y: 5282 });
  expect(box.minLng).toBeLessThan(-1.86);
  expect(box.maxLng).toBeGreaterThan(-1.86);
  expect(box.minLat).toBeLessThan(53.72);
  expect(box.maxLat).toBeGreaterThan(53.72);
  expect(box.maxLng - box.minLng).toBeCloseTo(360 / 2 ** 14, 12);
  const grown = tileBox({ z: 14, x: 8107, y: 5282 }, 64 / 4096);
  expect(grown.maxLng - grown.minLng).toBeCloseTo((360 / 2 ** 14) * (1 + 128 / 4096), 12);
});

test('tile ids outside the zoom level are not tiles', () => {
  expect(isTile({ z: 2, x: 3, y: 3 })).toBe(true);
  expect(isTile({ z: 2, x: 4, y: 0 })).toBe(false);
  expect(isTile({ z: 23, x: 0, y: 0 })).toBe(false);
  expect(isTile({ z: 1.5, x: 0, y: 0 })).toBe(false);
});
