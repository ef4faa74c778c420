/**
 * The category-pair heatmap: asked category (rows) × asked-about category (columns), each
 * cell shaded by the chosen rate and printing it, so the colour is never the only cue; then
 * the full table view (n, x, estimate and interval for every measure).
 */
import { h } from '../shared/dom';
import { inkOn, percent, RATE_SHADES, shadeFor, type LabelLookup, type MatrixCell, type Rate } from '../shared/linkage';
import { interval, scrollBox } from './rate-chart';

type Measure = 'reach' | 'knew' | 'information' | 'referral';
const MEASURES: { key: Measure; label: string }[] = [
  { key: 'information', label: 'Gave contact details or more (of closed pairs)' },
  { key: 'referral', label: 'Gave referral information (of closed pairs)' },
  { key: 'knew', label: 'Knew of the service (of closed pairs)' },
  { key: 'reach', label: 'Reached' },
];
export function renderHeatmap(matrix: MatrixCell[], label: LabelLookup): HTMLElement {
  const select = h('select', { id: 'heatmap-measure' }, MEASURES.map((m) => h('option', { value: m.key }, m.label)));
  const grid = h('div', { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Category pairs, shaded' });
  const draw = () => grid.replaceChildren(heatGrid(matrix, label, select.value as Measure));
  select.addEventListener('change', draw);
  draw();
  return h('section', { 'aria-labelledby': 'heatmap-heading', className: 'results-section' },
    h('h2', { id: 'heatmap-heading' }, 'Category pairs'),
    matrix.length ? [
      h('div', { className: 'field inline-field' }, h('label', { for: 'heatmap-measure' }, 'Shade by'), select),
      grid,
      h('ul', { className: 'heat-legend plain', 'aria-label': 'Shading' }, RATE_SHADES.map((c, i) =>
        h('li', {}, h('span', { className: 'heat-swatch', style: `background:${c}` }), ` ${i * 20}–${(i + 1) * 20}%`))),
      h('details', { className: 'table-view' }, h('summary', {}, 'Category pairs as a table'), matrixTable(matrix, label)),
    ] : h('p', {}, 'No closed pairs yet.'));
}

function heatGrid(matrix: MatrixCell[], label: LabelLookup, measure: Measure): HTMLElement {
  const froms = [...new Set(matrix.map((c) => c.from))].sort();
  const tos = [...new Set(matrix.map((c) => c.to))].sort();
  const cell = (from: string, to: string) => {
    const c = matrix.find((m) => m.from === from && m.to === to);
    if (!c) return h('td', { className: 'heat-empty' }, h('span', { className: 'visually-hidden' }, 'not tested'));
    const rate: Rate = c[measure];
    const fill = shadeFor(rate.estimate);
    return h('td', { className: 'heat-cell num', style: `background:${fill};color:${inkOn(fill)}`, 'data-from': from, 'data-to': to },
      percent(rate.estimate, 0), h('span', { className: 'heat-n' }, ` n=${rate.n}`));
  };
  return h('table', { className: 'data heatmap' },
    h('caption', {}, 'Rows: the category called. Columns: the category asked about.'),
    h('thead', {}, h('tr', {}, h('td', {}), tos.map((t) => h('th', { scope: 'col' }, label(t))))),
    h('tbody', {}, froms.map((f) => h('tr', {}, h('th', { scope: 'row' }, label(f)), tos.map((t) => cell(f, t))))));
}

function matrixTable(matrix: MatrixCell[], label: LabelLookup): HTMLElement {
  const both = (r: Rate) => [h('td', { className: 'num' }, `${r.x} / ${r.n}`), h('td', { className: 'num' }, percent(r.estimate)), h('td', { className: 'num' }, interval(r))];
  return scrollBox('Category pairs as a table', h('table', { className: 'data matrix-table' },
    h('caption', {}, 'Every category pair: counts, rates and Wilson 95% intervals'),
    h('thead', {}, h('tr', {}, ['Called', 'Asked about', 'Closed',
      'Reached', '%', 'CI', 'Knew', '%', 'CI', 'Contact details+', '%', 'CI', 'Referral', '%', 'CI'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, matrix.map((c) => h('tr', { 'data-from': c.from, 'data-to': c.to },
      h('th', { scope: 'row' }, label(c.from)), h('td', {}, label(c.to)), h('td', { className: 'num' }, c.closed),
      both(c.reach), both(c.knew), both(c.information), both(c.referral))))));
}
