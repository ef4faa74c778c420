/**
 * Rates with their 95% intervals, drawn as an SVG dot-and-bar chart (the Wilson interval
 * as a dark bar, the cluster-bootstrap interval as a paler, taller band behind it), and
 * beside it a table of the same numbers: the table is the text alternative, and the figure
 * is marked as an image described by its caption.
 */
import { h } from '../shared/dom';
import { percent, type Interval, type Rate } from '../shared/linkage';

export type RateRow = { key: string; label: string; rate: Rate; bootstrap?: Interval | null; role?: 'primary' | 'secondary' };

const SVG_NS = 'http://www.w3.org/2000/svg';
// Each label sits above its bar, so the chart is narrow (340 units): drawn about 1:1 on a
// 390 px phone and at most 1.25× on a desktop, its text never shrinks below 12 px.
const ROW_H = 46;
const LABEL_W = 0;
const PLOT_W = 300;
const PAD = 20;
const INK = '#1a1a1a';
const BAR = '#0072B2'; // Okabe–Ito blue: 5.1:1 on white
const BAND = '#c6dbef';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

export function renderRateFigure(id: string, title: string, rows: RateRow[]): HTMLElement {
  return h('div', { className: 'rate-figure', id },
    h('h3', { id: `${id}-title` }, title),
    h('div', { className: 'chart-and-table' },
      h('figure', { className: 'chart' }, rateChart(`${id}-title`, rows),
        h('figcaption', { className: 'hint' }, 'Dot: estimate. Dark bar: Wilson 95% interval. Pale band: cluster-bootstrap 95% interval (where given).')),
      rateTable(title, rows)));
}

function rateChart(titleId: string, rows: RateRow[]): SVGSVGElement {
  const height = rows.length * ROW_H + 28;
  const width = LABEL_W + PLOT_W + PAD * 2; // room for the "0%" and "100%" labels either side
  const x = (p: number) => LABEL_W + PAD + p * PLOT_W;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-labelledby': titleId, class: 'rate-chart', 'data-view-width': width });
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    root.append(svg('line', { x1: x(tick), x2: x(tick), y1: 0, y2: rows.length * ROW_H, stroke: '#c9c6bf', 'stroke-width': 1 }));
    root.append(svg('text', { x: x(tick), y: rows.length * ROW_H + 18, 'text-anchor': 'middle', 'font-size': 12, fill: INK }, `${tick * 100}%`));
  }
  rows.forEach((row, i) => {
    const cy = i * ROW_H + 30;
    const g = svg('g', { 'data-metric': row.key });
    g.append(svg('text', { x: PAD, y: i * ROW_H + 13, 'font-size': 13, fill: INK }, `${row.label}${row.role === 'primary' ? ' (primary)' : ''}`));
    const b = row.bootstrap;
    if (b && b.lower !== null && b.upper !== null) {
      g.append(svg('rect', { x: x(b.lower), y: cy - 9, width: Math.max(1, x(b.upper) - x(b.lower)), height: 18, fill: BAND, class: 'bootstrap-band' }));
    }
    const r = row.rate;
    if (r.estimate !== null && r.lower !== null && r.upper !== null) {
      g.append(svg('line', { x1: x(r.lower), x2: x(r.upper), y1: cy, y2: cy, stroke: BAR, 'stroke-width': 4, class: 'wilson-bar' }));
      for (const end of [r.lower, r.upper]) g.append(svg('line', { x1: x(end), x2: x(end), y1: cy - 6, y2: cy + 6, stroke: BAR, 'stroke-width': 2 }));
      g.append(svg('circle', { cx: x(r.estimate), cy, r: 5.5, fill: INK, stroke: '#fff', 'stroke-width': 1.5 }));
    } else {
      g.append(svg('text', { x: x(0) + 4, y: cy + 4, 'font-size': 12, fill: INK }, 'no pairs yet'));
    }
    root.append(g);
  });
  return root;
}

function rateTable(title: string, rows: RateRow[]): HTMLElement {
  const withBootstrap = rows.some((r) => r.bootstrap);
  return scrollBox(`${title}: table`, h('table', { className: 'data rate-table' },
    h('caption', {}, `${title}: table`),
    h('thead', {}, h('tr', {},
      ...['Measure', 'Count (x / n)', 'Estimate', 'Wilson 95% CI'].map((t) => h('th', { scope: 'col' }, t)),
      withBootstrap ? h('th', { scope: 'col' }, 'Bootstrap 95% CI') : null)),
    h('tbody', {}, rows.map((row) => h('tr', { 'data-metric': row.key },
      h('th', { scope: 'row' }, row.label, row.role ? h('span', { className: `estimand ${row.role}` }, row.role === 'primary' ? ' primary' : ' secondary') : null),
      h('td', { className: 'num count' }, `${row.rate.x} / ${row.rate.n}`),
      h('td', { className: 'num estimate' }, percent(row.rate.estimate)),
      h('td', { className: 'num ci' }, interval(row.rate)),
      withBootstrap ? h('td', { className: 'num bootstrap' }, row.bootstrap ? interval(row.bootstrap) : '–') : null)))));
}

/** A table that may be wider than a phone: scrolls sideways inside a focusable, named region (so keyboards can scroll it). */
export function scrollBox(label: string, child: HTMLElement): HTMLElement {
  return h('div', { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': label }, child);
}

export function interval(i: { lower: number | null; upper: number | null }): string {
  return i.lower === null || i.upper === null ? '–' : `${percent(i.lower)}–${percent(i.upper)}`;
}
