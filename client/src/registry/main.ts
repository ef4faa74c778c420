/**
 * The published registry for commissioners and researchers (until their own pages
 * exist): a table of every published record with a CSV download, and the counts by
 * category, commissioning and peer-participation level.
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

function countTable(caption: string, counts: Count[]): HTMLElement {
  return h('table', { className: 'counts' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Records'))),
    h('tbody', {}, counts.map((c) => h('tr', { 'data-code': c.code ?? 'none' }, h('th', { scope: 'row' }, c.label), h('td', {}, String(c.count))))));
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
      h('div', { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Published records' },
        h('table', { className: 'registry-table' },
          h('caption', {}, 'Published records'),
          h('thead', {}, h('tr', {}, REGISTRY_COLUMNS.map((c) => h('th', { scope: 'col' }, c.replace(/_/g, ' '))))),
          h('tbody', {}, rows.map((r) => h('tr', {}, r.map((v, i) => (i === 0 ? h('th', { scope: 'row' }, v) : h('td', {}, v)))))))),
    );
  };
  await load();
}

void main();
