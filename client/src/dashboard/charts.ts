/**
 * Charts as HTML bars (real text at the page's size, so they read at 390 px and print
 * sharply), each with the same numbers as a table and a CSV, and every figure with its
 * date, its source and a link to the page that explains it.
 */
import { h } from '../shared/dom';
import type { Provenance } from './types';

export type Column<R> = { header: string; value: (r: R) => string | number | null; numeric?: boolean };

const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
export const people = (v: number) => whole.format(v);
export const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 1000) / 10}%`);
export const day = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });

export function provenance(p: Provenance): HTMLElement {
  return h('p', { className: 'provenance' }, `As of ${day(p.asOf)} · Source: ${p.source} · `, h('a', { href: p.link }, 'where this comes from'));
}

export function toCsv<R>(columns: Column<R>[], rows: R[]): string {
  const field = (v: string | number | null) => {
    if (v === null) return '';
    const s = String(v);
    const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
    return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [columns.map((c) => field(c.header)).join(','), ...rows.map((r) => columns.map((c) => field(c.value(r))).join(','))].join('\r\n') + '\r\n';
}

export function dataTable<R>(caption: string, columns: Column<R>[], rows: R[]): HTMLElement {
  // Focusable and named, so a keyboard can scroll a wide table at 390 px (axe: scrollable-region-focusable).
  return h('div', { className: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', { className: 'data' },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', className: c.numeric ? 'num' : null }, c.header)))),
      h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c, i) => (i === 0 ? h('th', { scope: 'row' }, String(c.value(r) ?? '–')) : h('td', { className: c.numeric ? 'num' : null }, String(c.value(r) ?? '–')))))))));
}

export type Bar = { label: string; value: number | null; display: string };

/**
 * A horizontal bar chart with its table (shown on screen on request, always in print)
 * and a CSV of the same rows. `print`: the table is laid out, not folded away.
 */
export function barFigure<R>(o: { id: string; title: string; bars: Bar[]; max?: number; columns: Column<R>[]; rows: R[]; print?: boolean; note?: string }): HTMLElement {
  const max = o.max ?? Math.max(1e-9, ...o.bars.map((b) => b.value ?? 0));
  const chart = h('ul', { className: 'bars', 'aria-hidden': 'true' },
    o.bars.map((b) => h('li', {},
      h('span', { className: 'bar-label' }, b.label),
      h('span', { className: 'bar-track' }, h('span', { className: 'bar', style: `width:${b.value === null ? 0 : Math.max(0.5, (100 * b.value) / max)}%` })),
      h('span', { className: 'bar-value' }, b.display))));
  const table = dataTable(o.title, o.columns, o.rows);
  const csv = new Blob([toCsv(o.columns, o.rows)], { type: 'text/csv' });
  return h('figure', { className: 'dash-figure', id: o.id, 'aria-labelledby': `${o.id}-title` },
    h('figcaption', { id: `${o.id}-title`, className: 'figure-title' }, o.title),
    o.note ? h('p', { className: 'hint' }, o.note) : null,
    chart,
    o.print ? table : h('details', { className: 'table-view' }, h('summary', {}, `Table: ${o.title}`), table),
    o.print ? null : h('p', { className: 'csv-link' }, h('a', { href: URL.createObjectURL(csv), download: `${o.id}.csv` }, `Download CSV: ${o.title}`)));
}
