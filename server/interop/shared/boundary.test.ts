import { plainlyOutside } from './boundary';

/**
 * The cheap first test against a boundary's extent, worked by hand for the test square
 * around Halifax (-1.91..-1.81, 53.69..53.75) with the default 5 km margin: the extent
 * is grown by 6.1 km (5 km × 1.02 + 1 km), i.e. 0.0552° of latitude (6100 / 110 500) and,
 * at the grown box's widest latitude 53.805° (cos = 0.5911), 0.0927° of longitude
 * (6100 / (111 320 × 0.5911)). Anything inside the grown box goes on to the exact test.
 */
const HALIFAX = { minLng: -1.91, minLat: 53.69, maxLng: -1.81, maxLat: 53.75 };

test('points beyond the grown extent are plainly outside; points within it are left to the exact test', () => {
  expect(plainlyOutside({ lat: 53.63, lng: -1.86 }, HALIFAX, 5000)).toBe(true); // below 53.6348
  expect(plainlyOutside({ lat: 53.64, lng: -1.86 }, HALIFAX, 5000)).toBe(false);
  expect(plainlyOutside({ lat: 53.72, lng: -2.01 }, HALIFAX, 5000)).toBe(true); // west of -2.0027
  expect(plainlyOutside({ lat: 53.72, lng: -1.99 }, HALIFAX, 5000)).toBe(false);
  expect(plainlyOutside({ lat: 53.72, lng: -1.71 }, HALIFAX, 5000)).toBe(true); // east of -1.7173
  expect(plainlyOutside({ lat: 38.72, lng: -75.08 }, HALIFAX, 5000)).toBe(true); // Rehoboth Beach, Delaware
});

test('a point exactly at the margin is never ruled out by the cheap test', () => {
  // 5 km north of the top edge: 5000 / 111 320 m per degree = 0.0449°.
  expect(plainlyOutside({ lat: 53.75 + 5000 / 111_320, lng: -1.86 }, HALIFAX, 5000)).toBe(false);
  // 5 km west of the west edge at 53.72° (cos = 0.5920): 5000 / 65 902 = 0.0759°.
  expect(plainlyOutside({ lat: 53.72, lng: -1.91 - 0.0759 }, HALIFAX, 5000)).toBe(false);
});

test('longitudes wrap at the antimeridian (a point 0.02°, about 2 km, east of 179.99° is not ruled out)', () => {
  const fiji = { minLng: 177, minLat: -19, maxLng: 179.99, maxLat: -16 };
  expect(plainlyOutside({ lat: -17, lng: -179.99 }, fiji, 5000)).toBe(false);
  expect(plainlyOutside({ lat: -17, lng: -170 }, fiji, 5000)).toBe(true);
});
