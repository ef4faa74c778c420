/**
 * The published registry for commissioners and researchers (until their own pages
 * exist): a table of every published record, sortable by any column and filtered by
 * words and category, with a CSV download, and the counts by category, commissioning and
 * peer-participation level.
 */
import '../shared/styles.css';
import './registry.css';
import { apiGet, describeError } from '../shared/api';
import { byId, clear, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { loginHref } from '../shared/session';
import type { Asset, Vocabulary } from '../shared/types';
import { labelOf, loadVocabulary } from '../shared/vocabulary';
import { countBy, REGISTRY_COLUMNS, registryRow, toCsv, type Count } from './registry-data';
import { filterRows, sortRows, type RowFilter, type SortState } from './registry-table';

function countTable(caption: string, counts: Count[]): HTMLElement {
  return h('table', { className: 'counts' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Records'))),
    h('tbody', {}, counts.map((c) => h('tr', { 'data-code': c.code ?? 'none' }, h('th', { scope: 'row' }, c.label), h('td', {}, String(c.count))))));
}

/** The records table with its filter form; header buttons sort (aria-sort says how). */
function recordsTable(rows: string[][], categories: string[]): HTMLElement {
  let sort: SortState = { column: 'name', direction: 'ascending' };
  const filter: RowFilter = { text: '', category: '' };
  const text = h('input', { type: 'search', id: 'registry-filter-text', autocomplete: 'off' });
  const category = h('select', { id: 'registry-filter-category' }, h('option', { value: '' }, 'All categories'),
    categories.map((c) => h('option', { value: c }, c)));
  const shown = h('p', { id: 'registry-shown', 'aria-live': 'polite' });
  const tbody = h('tbody', {});
  const headers = REGISTRY_COLUMNS.map((column) => {
    // The arrow is drawn by CSS on an aria-hidden span: aria-sort already says the order.
    const button = h('button', { type: 'button', className: 'sort-button' }, column.replace(/_/g, ' '), h('span', { className: 'sort-mark', 'aria-hidden': 'true' }));
    const th = h('th', { scope: 'col' }, button);
    button.addEventListener('click', () => {
      sort = { column, direction: sort.column === column && sort.direction === 'ascending' ? 'descending' : 'ascending' };
      draw();
    });
    return { column, th };
  });
  function draw(): void {
    const matching = sortRows(filterRows(rows, filter), sort);
    tbody.replaceChildren(...matching.map((r) => h('tr', {}, r.map((v, i) => (i === 0 ? h('th', { scope: 'row' }, v) : h('td', {}, v))))));
    for (const { column, th } of headers) {
      if (column === sort.column) th.setAttribute('aria-sort', sort.direction);
      else th.removeAttribute('aria-sort');
    }
    shown.textContent = matching.length === rows.length ? `Showing all ${rows.length} records.` : `Showing ${matching.length} of ${rows.length} records.`;
  }
  text.addEventListener('input', () => {
    filter.text = text.value;
    draw();
  });
  category.addEventListener('change', () => {
    filter.category = category.value;
    draw();
  });
  draw();
  return h('section', { className: 'records', 'aria-labelledby': 'records-heading' },
    h('h2', { id: 'records-heading' }, 'Published records'),
    h('form', { className: 'registry-filters', role: 'search', 'aria-label': 'Filter the records', onsubmit: (e: Event) => e.preventDefault() },
      h('div', { className: 'field' }, h('label', { for: text.id }, 'Filter by any words'), text),
      h('div', { className: 'field' }, h('label', { for: category.id }, 'Category'), category)),
    shown,
    h('div', { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Published records (scrolls sideways)' },
      h('table', { className: 'registry-table' },
        h('caption', { className: 'visually-hidden' }, 'Published records: choose a column heading to sort by it'),
        h('thead', {}, h('tr', {}, headers.map((x) => x.th))),
        tbody)));
}

async function main(): Promise<void> {
  const start = await startPage('registry');
  if (!start) return;
  const root = byId('registry');
  if (!start.me.user) {
    root.append(h('p', {}, h('a', { href: loginHref() }, 'Sign in'), ' to see the registry as a table.'));
    return;
  }
  const load = async () => {
    clear(root);
    let vocab: Vocabulary, items: Asset[];
    try {
      [vocab, items] = await Promise.all([loadVocabulary(), apiGet<{ items: Asset[] }>('/api/assets', { limit: 5000 }).then((r) => r.items)]);
    } catch (err) {
      root.append(h('p', { className: 'field-error' }, `The registry could not be loaded: ${describeError(err)}`), h('button', { type: 'button', onclick: () => void load() }, 'Try again'));
      return;
    }
    const label = (kind: 'categories' | 'commissioning' | 'participationLevels' | 'whoFor', code: string | null) => labelOf(vocab[kind], code);
    const rows = items.map((a) => registryRow(a, label));
    const download = h('a', { className: 'button', download: 'waymark-registry.csv', href: '#' }, `Download CSV (${items.length} records)`);
    download.addEventListener('click', () => {
      download.setAttribute('href', URL.createObjectURL(new Blob([toCsv(REGISTRY_COLUMNS, rows)], { type: 'text/csv;charset=utf-8' })));
    });
    root.append(
      h('p', {}, `${items.length} published records. Sensitive places are shown only as their area.`),
      download,
      h('div', { className: 'count-tables' },
        countTable('By category', countBy(items, (a) => a.category, vocab.categories)),
        countTable('By commissioning', countBy(items, (a) => a.commissioning, vocab.commissioning)),
        countTable('By peer-participation level', countBy(items, (a) => a.participationLevel, vocab.participationLevels))),
      recordsTable(rows, vocab.categories.map((c) => c.label)),
    );
  };
  await load();
}

void main();
