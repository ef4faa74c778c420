/**
 * Above the queue: filters (category, postcode district, who sent it) sent to the API, and "make all
 * shown public" for a coordinator who has checked a batch (each record published and audited on
 * its own; any another coordinator decided first are reported back).
 */
import { apiGet, apiSend, describeError } from '../shared/api';
import { h } from '../shared/dom';
import { announce } from '../shared/status';
import type { Vocabulary } from '../shared/types';

export type QueueFilter = { category?: string; area?: string; submitter?: string };
type Submitter = { id: string; displayName: string; pending: number };

export type QueueTools = { refreshSubmitters(): Promise<void> };

export function renderQueueTools(container: HTMLElement, vocab: Vocabulary, onFilter: (f: QueueFilter) => void, shownIds: () => string[], onPublished: () => void): QueueTools {
  const category = h('select', { id: 'queue-category' }, h('option', { value: '' }, 'Any category'), vocab.categories.map((c) => h('option', { value: c.code }, c.label)));
  const area = h('input', { type: 'text', id: 'queue-area', placeholder: 'e.g. HX1', size: 6, autocomplete: 'off' });
  const submitter = h('select', { id: 'queue-submitter' }, h('option', { value: '' }, 'Anyone'));
  const apply = () => onFilter({ category: category.value || undefined, area: area.value.trim().toUpperCase() || undefined, submitter: submitter.value || undefined });
  category.addEventListener('change', apply);
  area.addEventListener('change', apply);
  submitter.addEventListener('change', apply);

  /** Everyone with records waiting, with how many; a chosen person who has none left stays, at 0. */
  async function refreshSubmitters(): Promise<void> {
    let items: Submitter[];
    try {
      items = (await apiGet<{ items: Submitter[] }>('/api/review/submitters')).items;
    } catch (err) {
      announce(`Could not list who sent records: ${describeError(err)}`, 'error');
      return;
    }
    const chosen = submitter.value;
    if (chosen && !items.some((s) => s.id === chosen)) {
      const name = submitter.selectedOptions[0]?.dataset.name ?? 'Someone';
      items.push({ id: chosen, displayName: name, pending: 0 });
    }
    submitter.replaceChildren(h('option', { value: '' }, 'Anyone'),
      ...items.map((s) => h('option', { value: s.id, 'data-name': s.displayName }, `${s.displayName} (${s.pending})`)));
    submitter.value = chosen;
  }
  // Not called "Publish …": the record's own Publish button keeps that name to itself.
  const publishAll = h('button', { type: 'button', className: 'secondary', id: 'publish-shown' }, 'Make all shown public');
  publishAll.addEventListener('click', async () => {
    const ids = shownIds();
    if (!ids.length || !window.confirm(`Make all ${ids.length} records shown public? Each is published and recorded in its history.`)) return;
    publishAll.disabled = true;
    try {
      const res = await apiSend<{ published: string[]; failed: { id: string; message: string }[] }>('POST', '/api/review/publish', { ids });
      announce(`Published ${res.published.length}.${res.failed.length ? ` ${res.failed.length} could not be: ${res.failed.map((f) => f.message).join(' ')}` : ''}`, res.failed.length ? 'error' : 'success');
      onPublished();
      void refreshSubmitters();
    } catch (err) {
      announce(describeError(err), 'error');
    } finally {
      publishAll.disabled = false;
    }
  });
  container.append(h('div', { className: 'queue-tools' },
    h('div', { className: 'field' }, h('label', { for: category.id }, 'Show only'), category),
    h('div', { className: 'field' }, h('label', { for: area.id }, 'District (e.g. HX1)'), area),
    h('div', { className: 'field' }, h('label', { for: submitter.id }, 'Sent by'), submitter),
    publishAll));
  void refreshSubmitters();
  return { refreshSubmitters };
}
