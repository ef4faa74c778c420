/**
 * The partnership profile drawn as a ladder (top rung first, grouped by band; a bar per
 * perspective) with a table of the same numbers beside it, the disagreements and the
 * change since the last round. The chart is hidden from screen readers: the table says
 * everything it shows.
 */
import { h } from '../shared/dom';
import { labelOf } from '../shared/vocabulary';
import type { ProfileAnswer, ReviewVocabulary } from './types';

/** A wide table scrolls inside its own region, which keyboard users can reach and scroll. */
const scrollRegion = (table: HTMLTableElement) =>
  h('div', { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': table.caption?.textContent ?? 'Table' }, table);

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

export function ladderChart(answer: ProfileAnswer, v: ReviewVocabulary): HTMLElement {
  const perspectives = answer.profile.perspectives;
  const most = Math.max(1, ...perspectives.flatMap((p) => Object.values(p.rungs)));
  return h('figure', { className: 'ladder' },
    h('div', { 'aria-hidden': 'true', className: 'ladder-chart' },
      h('div', { className: 'ladder-key' }, perspectives.map((p, i) => h('span', { className: `key key-${i}` }, labelOf(v.reviewPerspectives, p.perspective)))),
      v.participationBands.map((band) => h('div', { className: `ladder-band band-${band.code}` },
        h('div', { className: 'band-label' }, band.label),
        band.levels.map((level) => h('div', { className: 'rung' },
          h('div', { className: 'rung-label' }, labelOf(v.participationLevels, level)),
          h('div', { className: 'rung-bars' }, perspectives.map((p, i) => {
            const n = p.rungs[level as keyof typeof p.rungs];
            const bar = h('span', { className: `bar key-${i}` });
            // Through the CSSOM: the content security policy refuses style attributes.
            bar.style.width = `${(100 * n) / most}%`;
            return h('div', { className: 'bar-row' }, bar, h('span', { className: 'bar-n' }, String(n)));
          }))))))),
    h('figcaption', {}, `Services on each rung, by perspective (${answer.services.length} services in scope). The table below has the same numbers.`));
}

export function ladderTable(answer: ProfileAnswer, v: ReviewVocabulary): HTMLElement {
  const ps = answer.profile.perspectives;
  const head = h('tr', {}, h('th', { scope: 'col' }, 'Rung'), ps.map((p) => h('th', { scope: 'col', className: 'num' }, labelOf(v.reviewPerspectives, p.perspective))));
  const rows = v.participationBands.flatMap((band) => [
    h('tr', { className: 'band-row' }, h('th', { scope: 'row' }, `${band.label} (band)`), ps.map((p) => h('td', { className: 'num' }, String(p.bands[band.code as keyof typeof p.bands])))),
    ...band.levels.map((level) => h('tr', {}, h('th', { scope: 'row', className: 'rung-name' }, labelOf(v.participationLevels, level)), ps.map((p) => h('td', { className: 'num' }, String(p.rungs[level as keyof typeof p.rungs]))))),
  ]);
  const whole = h('tr', {}, h('th', { scope: 'row' }, 'The partnership as a whole'), ps.map((p) => h('td', { className: 'num' }, p.partnership ? labelOf(v.participationLevels, p.partnership) : '—')));
  const placed = h('tr', {}, h('th', { scope: 'row' }, 'Services placed'), ps.map((p) => h('td', { className: 'num' }, String(p.placed))));
  return scrollRegion(h('table', { className: 'data ladder-table' },
    h('caption', {}, 'Services on each rung and in each band, by perspective'), h('thead', {}, head), h('tbody', {}, rows, placed, whole)));
}

export function disagreementList(answer: ProfileAnswer, v: ReviewVocabulary): HTMLElement {
  const { disagreements } = answer.profile;
  if (!disagreements.length) return h('p', { className: 'hint' }, 'The perspectives agree wherever more than one has placed a service.');
  const name = (id: string | null) => (id === null ? 'The partnership as a whole' : answer.services.find((s) => s.id === id)?.name ?? 'A service');
  return h('ul', { className: 'disagreements' }, disagreements.map((d) => h('li', {},
    h('strong', {}, name(d.assetId)), ': ',
    d.views.map((x) => `${labelOf(v.reviewPerspectives, x.perspective)} say “${labelOf(v.participationLevels, x.level)}”`).join('; '),
    ` (${d.steps} rung${d.steps === 1 ? '' : 's'} apart${d.bandsDiffer ? ', in different bands' : ''})`)));
}

export function changeSection(answer: ProfileAnswer, v: ReviewVocabulary): HTMLElement {
  const change = answer.profile.change;
  if (!change || !answer.previousRound) return h('p', { className: 'hint' }, 'This is the first round: there is nothing to compare with yet.');
  const name = (id: string | null) => (id === null ? 'The partnership as a whole' : answer.services.find((s) => s.id === id)?.name ?? 'A service');
  return h('div', {},
    scrollRegion(h('table', { className: 'data change-table' },
      h('caption', {}, `Change in services per band since “${answer.previousRound.title}” (${answer.previousRound.reviewDate})`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Perspective'), v.participationBands.map((b) => h('th', { scope: 'col', className: 'num' }, b.label)))),
      h('tbody', {}, change.perspectives.map((p) => h('tr', {}, h('th', { scope: 'row' }, labelOf(v.reviewPerspectives, p.perspective)),
        v.participationBands.map((b) => h('td', { className: 'num' }, signed(p.bands[b.code as keyof typeof p.bands])))))))),
    change.moves.length
      ? h('ul', { className: 'moves' }, change.moves.map((m) => h('li', {}, `${name(m.assetId)} — ${labelOf(v.reviewPerspectives, m.perspective)}: ${labelOf(v.participationLevels, m.from)} → ${labelOf(v.participationLevels, m.to)} (${signed(m.steps)} rung${Math.abs(m.steps) === 1 ? '' : 's'})`)))
      : h('p', { className: 'hint' }, 'No service moved rung for a perspective placed in both rounds.'));
}
