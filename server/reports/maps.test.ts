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
test('a dense registry: one dot per 7 px block in its commonest colour (5,600 points in 35 × 30 blocks, by hand)', () => {
  const p = projector(BOUNDS);
  const at = (px: number, py: number) => ({ lng: BOUNDS.minLng + px / (p.k * p.scale), lat: BOUNDS.maxLat - py / p.scale });
  const points = [];
  // One point every 3 px (each its own 3 px neighbourhood: 5,600 > 5,000), x 1…238, y 1…208.
  for (let i = 0; i < 80; i++) for (let j = 0; j < 70; j++) points.push({ ...at(1 + 3 * i, 1 + 3 * j), colour: i < 40 ? '#aaa' : '#bbb' });
  const svg = mapSvg({ title: 't', bounds: BOUNDS, outline: [], points, legend: [], note: '' });
  // Blocks 0…34 across (238 / 7), 0…29 down (208 / 7); x < 119 (blocks 0…16) is #aaa.
  expect(svg.match(/<circle /g)).toHaveLength(35 * 30);
  expect(svg.match(/fill="#aaa"/g)).toHaveLength(17 * 30);
  expect(svg).toContain('<circle cx="3.5" cy="3.5" r="3.5" fill="#aaa"');
  expect(svg).toContain('<circle cx="241.5" cy="206.5" r="3.5" fill="#bbb"');
});
test('a dense grid: 3 px blocks, equal neighbours in a row drawn as one rectangle (22,000 cells → 74, by hand)', () => {
  const p = projector(BOUNDS);
  const at = (px: number, py: number) => ({ lng: BOUNDS.minLng + px / (p.k * p.scale), lat: BOUNDS.maxLat - py / p.scale });
  const cells = [];
  for (let i = 0; i < 200; i++) for (let j = 0; j < 110; j++) cells.push({ ...at(0.5 + i, 0.5 + j), colour: i < 99 ? '#aaa' : '#bbb' });
  const svg = mapSvg({ title: 't', bounds: BOUNDS, outline: [], cells, cellMetres: 866, legend: [], note: '' });
  // 37 rows of blocks (y 0.5…109.5); in each, blocks 0…32 (x < 99) #aaa and 33…66 #bbb.
  expect(svg.match(/<rect x="\d+" y="\d+" width="\d+" height="3"/g)).toHaveLength(74);
  expect(svg).toContain('<rect x="0" y="0" width="99" height="3" fill="#aaa"/>');
  expect(svg).toContain('<rect x="99" y="108" width="102" height="3" fill="#bbb"/>');
});
