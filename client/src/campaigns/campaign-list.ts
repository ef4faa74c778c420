/** The campaigns the viewer may see, newest first, each opening its detail below. */
import { h } from '../shared/dom';
import type { CampaignListItem } from '../shared/linkage';

export const STATUS_LABEL = { draft: 'Draft', in_progress: 'In progress', closed: 'Closed' } as const;

export function renderCampaignList(items: CampaignListItem[], selectedId: string | null, open: (id: string) => void): HTMLElement {
  if (!items.length) return h('p', {}, 'No campaigns yet.');
  return h('div', { className: 'table-scroll' }, h('table', { className: 'data', id: 'campaign-table' },
    h('caption', { className: 'visually-hidden' }, 'Campaigns'),
    h('thead', {}, h('tr', {}, ['Campaign', 'Status', 'Pairs', 'Assigned', 'Open', 'Reached', 'Unreachable'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, items.map((c) => h('tr', { 'aria-current': c.id === selectedId ? 'true' : null },
      h('th', { scope: 'row' }, h('button', { type: 'button', className: 'link-button', onclick: () => open(c.id) }, c.name)),
      h('td', {}, STATUS_LABEL[c.status], c.published ? ' · published' : ''),
      countCells(c.counts))))));
}

/** The API leaves counts out (null) for viewers outside the campaign team while a campaign runs. */
function countCells(counts: CampaignListItem['counts']): HTMLElement[] {
  const keys = ['pairs', 'assigned', 'open', 'reached', 'unreachable'] as const;
  if (!counts) return [h('td', { colspan: keys.length }, 'Interim figures are for the campaign team.')];
  return keys.map((k) => h('td', { className: 'num' }, counts[k]));
}
