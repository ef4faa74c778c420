/** A list of possible duplicates, as the capture page and the review queue both show them. */
import { append, clear, h } from './dom';
import { categorySwatch } from './palette';
import type { DuplicateCandidate, Vocabulary } from './types';
import { labelOf } from './vocabulary';

/** Why a candidate matched, in words (masked candidates carry none: only "in this area"). */
function reasonList(d: DuplicateCandidate): HTMLElement | null {
  if (!d.reasons?.length) return null;
  return h('ul', { className: 'match-reasons', 'aria-label': `Why “${d.name}” may be the same` }, d.reasons.map((r) => h('li', { 'data-reason': r.code }, r.message)));
}

export function showDuplicates(
  panel: HTMLElement,
  items: DuplicateCandidate[],
  vocab: Vocabulary,
  heading: string,
  onDiscard?: () => void,
  /** Coordinators: merge the record under review into this candidate. */
  onMerge?: (d: DuplicateCandidate & { id: string }) => void,
): void {
  clear(panel);
  panel.hidden = items.length === 0;
  if (!items.length) return;
  append(panel, [
    h('h2', {}, heading),
    h('p', {}, items.length === 1 ? 'This one looks similar:' : 'These look similar:'),
    h('ul', { className: 'plain duplicate-list' }, items.map((d) =>
      h('li', {}, categorySwatch(d.category), ' ', h('strong', {}, d.name), ' ',
        h('span', { className: 'hint' }, [
          labelOf(vocab.categories, d.category),
          labelOf(vocab.statuses, d.status).toLowerCase(),
          d.note ?? (d.distanceMetres === null ? 'nearby' : describeDistance(d.distanceMetres)),
          // Masked matches carry no similarity (docs/privacy.md): only "in this area".
          d.similarity === undefined ? null : `name ${Math.round(d.similarity * 100)}% alike`,
        ].filter((part) => part !== null).join(' · ')),
        reasonList(d),
        onMerge && d.id
          ? h('button', { type: 'button', className: 'secondary merge-button', onclick: () => onMerge({ ...d, id: d.id! }) }, `Merge into “${d.name}”`)
          : null))),
    onDiscard
      ? h('p', {}, 'If yours is one of these, you need not add it again. ',
          h('button', { type: 'button', className: 'link-button', onclick: onDiscard }, 'Discard my draft'))
      : null,
  ]);
}

export function describeDistance(metres: number): string {
  if (metres < 1) return 'at the same place';
  if (metres < 1000) return `${Math.max(5, Math.round(metres / 5) * 5)} m away`;
  return `${(metres / 1000).toFixed(1)} km away`;
}
