import { mapSvg, projector } from './maps';

const BOUNDS = { minLng: -1.91, minLat: 53.69, maxLng: -1.81, maxLat: 53.75 };

test('the projection keeps proportions: longitude scaled by cos(mid-latitude), by hand', () => {
  const p = projector(BOUNDS, 760);
  const k = Math.cos((53.72 * Math.PI) / 180); // 0.59173
  expect(p.k).toBeCloseTo(0.59173, 4);
  // 0.1° of longitude spans the width; 0.06° of latitude is 760 × 0.06 / (0.1 × k) ≈ 771 px.
  expect(p.height).toBe(Math.round((0.06 * 760) / (0.1 * k)));
  expect(p.x(-1.91)).toBe(0);
  expect(p.x(-1.81)).toBe(760);
  expect(p.y(53.75)).toBe(0);
  expect(p.y(53.72)).toBeCloseTo(p.height / 2, 0);
});

test('points are drawn once per 3 px neighbourhood and colour; text is escaped', () => {
  const svg = mapSvg({
    title: 'A <title> & more', bounds: BOUNDS, outline: [],
    points: [{ lng: -1.86, lat: 53.72, colour: '#000' }, { lng: -1.86, lat: 53.72, colour: '#000' }, { lng: -1.86, lat: 53.72, colour: '#fff' }, { lng: -1.82, lat: 53.7, colour: '#000' }],
    legend: [{ colour: '#000', label: 'One "two"' }], note: 'n',
  });
  expect(svg.match(/<circle /g)).toHaveLength(3);
  expect(svg).toContain('<title>A &lt;title&gt; &amp; more</title>');
  expect(svg).toContain('One &quot;two&quot;');
  expect(svg).toContain(`cx="380" cy="${projector(BOUNDS).y(53.72)}"`);
});
