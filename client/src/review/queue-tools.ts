/**
 * Above the queue: filters (category, postcode district) sent to the API, and "make all
 * shown public" for a coordinator who has checked a batch (each record published and audited on
 * its own; any another coordinator decided first are reported back).
 */
import { apiSend, describeError } from '../shared/api';
import { h } from '../shared/dom';
import { announce } from '../shared/status';
import type { Vocabulary } from '../shared/types';

export type QueueFilter = { category?: string; area?: string };

export function renderQueueTools(container: HTMLElement, vocab: Vocabulary, onFilter: (f: QueueFilter) => void, shownIds: () => string[], onPublished: () => void): void {
  const category = h('select', { id: 'queue-category' }, h('option', { value: '' }, 'Any category'), vocab.categories.map((c) => h('option', { value: c.code }, c.label)));
  const area = h('input', { type: 'text', id: 'queue-area', placeholder: 'e.g. HX1', size: 6, autocomplete: 'off' });
  const apply = () => onFilter({ category: category.value || undefined, area: area.value.trim().toUpperCase() || undefined });
  category.addEventListener('change', apply);
  area.addEventListener('change', apply);
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
    } catch (err) {
      announce(describeError(err), 'error');
    } finally {
      publishAll.disabled = false;
    }
  });
  container.append(h('div', { className: 'queue-tools' },
    h('div', { className: 'field' }, h('label', { for: category.id }, 'Show only'), category),
    h('div', { className: 'field' }, h('label', { for: area.id }, 'District (e.g. HX1)'), area),
    publishAll));
}
