/**
 * Who sent a record, when, how they heard of it, and its history (from the audit trail,
 * /api/assets/:id/history): what a coordinator needs to judge it.
 */
import { apiGet, describeError } from '../shared/api';
import { formatDate } from '../shared/asset-card';
import { clear, h } from '../shared/dom';
import type { Asset, Vocabulary } from '../shared/types';
import { labelOf } from '../shared/vocabulary';

type HistoryEntry = { at: string; actorName: string | null; action: string; tableName: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null };

const IGNORED = new Set(['version', 'updated_at', 'updated_by', 'geom', 'geom_grid', 'geom_public', 'geom_mask_area']);

function describe(e: HistoryEntry): string {
  const what = e.tableName === 'asset' ? 'record' : e.tableName === 'site' ? 'place' : 'link to a place';
  if (e.action === 'insert') return `added the ${what}`;
  if (e.action === 'delete') return `removed the ${what}`;
  const changed = Object.keys(e.after ?? {}).filter((k) => !IGNORED.has(k) && JSON.stringify(e.before?.[k]) !== JSON.stringify(e.after?.[k]));
  if (changed.includes('status')) return `${String(e.after?.status)} the ${what}${e.after?.status_reason ? ` (“${String(e.after.status_reason)}”)` : ''}`.replace(/^pending/, 'sent back for review').replace(/^published/, 'published').replace(/^rejected/, 'rejected');
  return `changed ${changed.map((k) => k.replace(/_/g, ' ')).join(', ') || 'the ' + what}`;
}

export function renderSubmissionInfo(asset: Asset, vocab: Vocabulary): HTMLElement {
  const section = h('section', { className: 'submission-info', 'aria-label': 'Who sent it, and its history' }, h('p', { className: 'hint' }, 'Loading who sent it…'));
  void (async () => {
    try {
      const { items } = await apiGet<{ items: HistoryEntry[] }>(`/api/assets/${asset.id}/history`);
      const created = items.find((e) => e.tableName === 'asset' && e.action === 'insert');
      clear(section);
      section.append(
        h('p', { className: 'submitted-by' },
          `Sent by ${created?.actorName ?? 'someone no longer known'} on ${formatDate(asset.createdAt)}`,
          asset.learnedFrom ? ` · heard of it through ${labelOf(vocab.learnedFrom, asset.learnedFrom).toLowerCase()}` : ' · how they heard of it was not given'),
        h('details', { className: 'history' },
          h('summary', {}, `History (${items.length} ${items.length === 1 ? 'change' : 'changes'})`),
          h('ol', {}, items.map((e) => h('li', {}, `${formatDate(e.at)}: ${e.actorName ?? 'the system'} ${describe(e)}`)))),
      );
    } catch (err) {
      clear(section);
      section.append(h('p', { className: 'field-error' }, `Who sent it could not be loaded: ${describeError(err)}`));
    }
  })();
  return section;
}
