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
  for (const c of spec.cells ?? []) parts.push(`<rect x="${(p.x(c.lng) - cellSide / 2).toFixed(1)}" y="${(p.y(c.lat) - cellSide / 2).toFixed(1)}" width="${cellSide.toFixed(1)}" height="${cellSide.toFixed(1)}" fill="${c.colour}"/>`);
  for (const ring of spec.outline.flat()) parts.push(`<path d="M${ring.map(([lng, lat]) => `${p.x(lng)},${p.y(lat)}`).join('L')}Z" fill="none" stroke="#333" stroke-width="1.5"/>`);
  for (const l of spec.lines ?? []) parts.push(`<line x1="${p.x(l.from[0])}" y1="${p.y(l.from[1])}" x2="${p.x(l.to[0])}" y2="${p.y(l.to[1])}" stroke="${l.colour}" stroke-width="1.6" stroke-opacity="0.8"/>`);
  // One dot per pixel neighbourhood and colour: a county's thousands of records stay a small file.
  const drawn = new Set<string>();
  for (const pt of spec.points ?? []) {
    const key = `${Math.round(p.x(pt.lng) / 3)},${Math.round(p.y(pt.lat) / 3)},${pt.colour}`;
    if (drawn.has(key)) continue;
    drawn.add(key);
    parts.push(`<circle cx="${p.x(pt.lng)}" cy="${p.y(pt.lat)}" r="3.5" fill="${pt.colour}" stroke="#fff" stroke-width="0.8"/>`);
  }
  const legend = spec.legend.map((item, i) => {
    const y = legendTop + i * LEGEND_ROW;
    return `<rect x="0" y="${y}" width="14" height="14" fill="${item.colour}"/><text x="20" y="${y + 12}" font-size="14">${escape(item.label)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${p.width} ${height}" width="${p.width}" height="${height}" role="img" aria-label="${escape(spec.title)}" font-family="sans-serif">` +
    `<title>${escape(spec.title)}</title><rect width="${p.width}" height="${p.height}" fill="#f7f7f4"/>${parts.join('')}${legend.join('')}` +
    `<text x="0" y="${height - 8}" font-size="12" fill="#444">${escape(spec.note)}</text></svg>`;
}

/** Colour-blind-safe categorical colours (Okabe–Ito, then greys), one per category in order. */
export const CATEGORY_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#7a6a00', '#000000', '#8c3b8c', '#5a5a5a', '#1b7837', '#b2182b', '#2166ac', '#999999'];
export const OUTCOME_COLOURS: Record<string, string> = { working: '#009E73', broken: '#D55E00', open: '#999999' };
export const GAP_COLOURS = { gap: '#b2182b', uncovered: '#f4a582', covered: '#d1e5f0' };
