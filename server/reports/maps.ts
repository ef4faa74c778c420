/**
 * Static map images for print, as SVG text (pure; maps.test.ts). Every point drawn is a
 * PUBLIC point (a sensitive place's masking-cell centre); the caller passes nothing else.
 * Longitude is scaled by cos(latitude) so shapes keep their proportions at England's
 * latitudes; that is all the projection a one-page overview needs.
 */
export type Bounds = { minLng: number; minLat: number; maxLng: number; maxLat: number };
export type MapPoint = { lng: number; lat: number; colour: string };
export type MapLine = { from: [number, number]; to: [number, number]; colour: string };
export type MapCell = { lng: number; lat: number; colour: string };
export type LegendItem = { colour: string; label: string };
type Polygon = number[][][];

const WIDTH = 760;
const LEGEND_ROW = 22;

export function projector(b: Bounds, width = WIDTH) {
  const k = Math.cos((((b.minLat + b.maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((b.maxLng - b.minLng) * k, 1e-9);
  const spanY = Math.max(b.maxLat - b.minLat, 1e-9);
  const scale = width / spanX;
  const height = Math.round(spanY * scale);
  return { width, height, x: (lng: number) => Math.round((lng - b.minLng) * k * scale * 10) / 10, y: (lat: number) => Math.round((b.maxLat - lat) * scale * 10) / 10, scale, k };
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export type MapSpec = {
  title: string;
  bounds: Bounds;
  outline: Polygon[];
  points?: MapPoint[];
  lines?: MapLine[];
  /** Cell centres drawn as squares `cellMetres` across (hexagons' footprint, near enough at this scale). */
  cells?: MapCell[];
  cellMetres?: number;
  legend: LegendItem[];
  note: string;
};

export function mapSvg(spec: MapSpec): string {
  const p = projector(spec.bounds);
  const legendTop = p.height + 16;
  const height = legendTop + spec.legend.length * LEGEND_ROW + 30;
  const parts: string[] = [];
  const cellSide = spec.cellMetres ? Math.max(2, (spec.cellMetres / 111_320) * p.scale) : 0;
  if ((spec.cells?.length ?? 0) > DENSE_CELLS) parts.push(...cellRuns(spec.cells!, p));
  else for (const c of spec.cells ?? []) parts.push(`<rect x="${(p.x(c.lng) - cellSide / 2).toFixed(1)}" y="${(p.y(c.lat) - cellSide / 2).toFixed(1)}" width="${cellSide.toFixed(1)}" height="${cellSide.toFixed(1)}" fill="${c.colour}"/>`);
  for (const ring of spec.outline.flat()) parts.push(`<path d="M${ring.map(([lng, lat]) => `${p.x(lng)},${p.y(lat)}`).join('L')}Z" fill="none" stroke="#333" stroke-width="1.5"/>`);
  for (const l of spec.lines ?? []) parts.push(`<line x1="${p.x(l.from[0])}" y1="${p.y(l.from[1])}" x2="${p.x(l.to[0])}" y2="${p.y(l.to[1])}" stroke="${l.colour}" stroke-width="1.6" stroke-opacity="0.8"/>`);
  // One dot per pixel neighbourhood and colour: a county's thousands of records stay a small file.
  const drawn = new Set<string>();
  const dots: string[] = [];
  for (const pt of spec.points ?? []) {
    const key = `${Math.round(p.x(pt.lng) / 3)},${Math.round(p.y(pt.lat) / 3)},${pt.colour}`;
    if (drawn.has(key)) continue;
    drawn.add(key);
    dots.push(`<circle cx="${p.x(pt.lng)}" cy="${p.y(pt.lat)}" r="3.5" fill="${pt.colour}" stroke="#fff" stroke-width="0.8"/>`);
  }
  parts.push(...(dots.length > DENSE_DOTS ? densestColourDots(spec.points!, p) : dots));
  const legend = spec.legend.map((item, i) => {
    const y = legendTop + i * LEGEND_ROW;
    return `<rect x="0" y="${y}" width="14" height="14" fill="${item.colour}"/><text x="20" y="${y + 12}" font-size="14">${escape(item.label)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${p.width} ${height}" width="${p.width}" height="${height}" role="img" aria-label="${escape(spec.title)}" font-family="sans-serif">` +
    `<title>${escape(spec.title)}</title><rect width="${p.width}" height="${p.height}" fill="#f7f7f4"/>${parts.join('')}${legend.join('')}` +
    `<text x="0" y="${height - 8}" font-size="12" fill="#444">${escape(spec.note)}</text></svg>`;
}

/**
 * Past these counts a map is drawn coarser, so an England-sized registry or grid stays an
 * image a browser decodes and prints in well under a second rather than 10 MB of shapes
 * (200,000 records made 160,000 dots; 138,000 hexagons of 2 px each). Below them (a
 * county: hundreds of records, a few thousand cells) every shape is drawn as before.
 */
const DENSE_DOTS = 5_000;
const DENSE_CELLS = 20_000;
/** A dense map's dot spacing (px): a dot's width, so dots touch but do not pile up. */
const DOT_BIN = 7;
/** A dense grid's pixel block (px): each block shows its cells' most common colour. */
const CELL_BIN = 3;

type Projector = ReturnType<typeof projector>;

/** Most common colour among `counts` (the first listed on a tie). */
function commonest(counts: Map<string, number>): string {
  let best = '', n = -1;
  for (const [colour, c] of counts) if (c > n) { best = colour; n = c; }
  return best;
}

/** Binned into `side`-px blocks inside the frame: each block's colour counts, in first-seen order. */
function blocks<T extends { lng: number; lat: number; colour: string }>(items: readonly T[], p: Projector, side: number) {
  const counts = new Map<number, Map<string, number>>();
  const columns = Math.ceil(p.width / side) + 1;
  for (const it of items) {
    const bx = Math.floor(p.x(it.lng) / side), by = Math.floor(p.y(it.lat) / side);
    if (bx < 0 || by < 0 || bx * side > p.width || by * side > p.height) continue;
    const k = by * columns + bx;
    const m = counts.get(k) ?? counts.set(k, new Map()).get(k)!;
    m.set(it.colour, (m.get(it.colour) ?? 0) + 1);
  }
  return { counts, columns };
}

/** A dense registry: one dot per DOT_BIN block, in its most common category's colour. */
function densestColourDots(points: readonly MapPoint[], p: Projector): string[] {
  const { counts, columns } = blocks(points, p, DOT_BIN);
  return [...counts.keys()].sort((a, b) => a - b).map((k) => {
    const cx = ((k % columns) + 0.5) * DOT_BIN, cy = (Math.floor(k / columns) + 0.5) * DOT_BIN;
    return `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${commonest(counts.get(k)!)}" stroke="#fff" stroke-width="0.8"/>`;
  });
}

/** A dense grid: CELL_BIN-px blocks in their cells' most common colour, a row's equal neighbours as one rectangle. */
function cellRuns(cells: readonly MapCell[], p: Projector): string[] {
  const { counts, columns } = blocks(cells, p, CELL_BIN);
  const colourAt = new Map<number, string>();
  for (const [k, m] of counts) colourAt.set(k, commonest(m));
  const out: string[] = [];
  const keys = [...colourAt.keys()].sort((a, b) => a - b);
  for (let i = 0; i < keys.length;) {
    const start = keys[i], colour = colourAt.get(start)!;
    let end = start;
    while (i + 1 < keys.length && keys[i + 1] === end + 1 && (end + 1) % columns !== 0 && colourAt.get(keys[i + 1]) === colour) { i++; end++; }
    i++;
    out.push(`<rect x="${(start % columns) * CELL_BIN}" y="${Math.floor(start / columns) * CELL_BIN}" width="${(end - start + 1) * CELL_BIN}" height="${CELL_BIN}" fill="${colour}"/>`);
  }
  return out;
}

/** Colour-blind-safe categorical colours (Okabe–Ito, then greys), one per category in order. */
export const CATEGORY_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7a6a00', '#000000', '#8c3b8c', '#5a5a5a', '#1b7837', '#b2182b', '#2166ac', '#999999'];
export const OUTCOME_COLOURS: Record<string, string> = { working: '#009E73', broken: '#D55E00', open: '#999999' };
export const GAP_COLOURS = { gap: '#b2182b', uncovered: '#f4a582', covered: '#d1e5f0' };
