/** The queue as a list of buttons, in the API's order (pending: oldest first). */
import { clear, h } from '../shared/dom';
import { categorySwatch } from '../shared/palette';
import { formatDate } from '../shared/asset-card';
import type { Asset, Vocabulary } from '../shared/types';
import { labelOf } from '../shared/vocabulary';

export type QueueKind = 'pending' | 'stale';

export function renderQueueList(container: HTMLElement, queue: QueueKind, items: Asset[], vocab: Vocabulary, selectedId: string | null, emptyText: string, onSelect: (asset: Asset) => void): void {
  clear(container);
  if (!items.length) {
    container.append(h('p', {}, emptyText));
    return;
  }
  container.append(h('ul', { className: 'item-list' }, items.map((asset) => {
    const button = h('button', { type: 'button', className: 'item-button', 'data-asset-id': asset.id, 'aria-current': asset.id === selectedId ? 'true' : null },
      categorySwatch(asset.category),
      h('span', {},
        h('span', { className: 'item-name' }, asset.name),
        h('span', { className: 'item-sub' }, `${labelOf(vocab.categories, asset.category)} · ${when(asset, queue)}`)));
    button.addEventListener('click', () => onSelect(asset));
    return h('li', {}, button);
  })));
}

/** Pending records by when they were added; stale ones by when someone last confirmed them. */
function when(asset: Asset, queue: QueueKind): string {
  if (queue === 'pending') return `added ${formatDate(asset.createdAt)}`;
  const checked = asset.lastVerifiedAt ?? asset.publishedAt;
  return checked ? `last checked ${formatDate(checked)}` : 'never checked';
}
