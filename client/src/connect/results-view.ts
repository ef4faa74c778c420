/**
 * The finder's list: nearest first, each with its schedule in words, how to get in, cost,
 * access and how to get in touch; "none within N km: the nearest is …" rather than an empty
 * list. The same list prints as the one-page handover.
 */
import { h } from '../shared/dom';
import type { Term } from '../shared/types';
import { labelOf } from '../shared/vocabulary';
import { contactWords, COST_WORDS, distanceWords, placeWords, scheduleWords } from './summary';
import type { FinderAnswer, FinderItem } from './types';

function contactLink(item: FinderItem): HTMLElement | string {
  const c = item.contact;
  if (c.phone) return h('a', { href: `tel:${c.phone.replace(/[^0-9+]/g, '')}` }, c.phone);
  if (c.website) return h('a', { href: c.website, rel: 'noopener' }, c.website);
  if (c.email) return h('a', { href: `mailto:${c.email}` }, c.email);
  return contactWords(item) ?? 'No contact recorded';
}

const accessWords = (stepFree: boolean | null) => (stepFree === true ? 'Step-free' : stepFree === false ? 'Not step-free' : 'Not recorded');

function fact(term: string, ...value: (Node | string)[]) {
  return [h('dt', {}, term), h('dd', {}, ...value)];
}

export function resultCard(item: FinderItem, n: number, categories: Term[]): HTMLElement {
  const when = scheduleWords(item);
  return h('li', { className: 'finder-result', 'data-id': item.id },
    h('h3', {}, h('span', { className: 'finder-number', 'aria-hidden': 'true' }, `${n}`), ' ', item.name),
    h('p', { className: 'finder-distance' },
      item.distanceMetres === null ? 'Online' : `${distanceWords(item.distanceMetres)} away in a straight line`,
      ' · ', labelOf(categories, item.category)),
    h('dl', { className: 'facts' },
      fact('When', when.length ? when.join('; ') : 'Times not recorded: ask'),
      fact('Getting in', item.waysIn.length ? item.waysIn.join(' ') : 'Ask how to get in'),
      fact('Cost', item.cost ? `${COST_WORDS[item.cost] ?? item.cost}${item.costNotes ? ` (${item.costNotes})` : ''}` : 'Not recorded'),
      fact('Access', accessWords(item.stepFree)),
      fact('Contact', contactLink(item)),
      fact('Where', placeWords(item))),
  );
}

export function renderAnswer(answer: FinderAnswer, placeLabel: string, categories: Term[]): HTMLElement {
  const section = h('section', { className: 'finder-answer', 'aria-labelledby': 'answer-heading' });
  const reach = `${answer.withinKm} km`;
  section.append(h('h2', { id: 'answer-heading' }, `Near ${placeLabel}`),
    h('p', { className: 'hint' }, `Distances are in a straight line (as the crow flies), not by road or bus.`));
  if (answer.results.length) {
    section.append(
      h('p', { className: 'finder-count' }, answer.resultsInReach > answer.results.length
        ? `${answer.resultsInReach} fit within ${reach}; the nearest ${answer.results.length}:`
        : `${answer.results.length} ${answer.results.length === 1 ? 'fits' : 'fit'} within ${reach}:`),
      h('ol', { className: 'finder-list plain' }, answer.results.map((item, i) => resultCard(item, i + 1, categories))));
  } else if (answer.nearestBeyond) {
    section.append(
      h('p', { className: 'finder-none' }, `None within ${reach}: the nearest is ${distanceWords(answer.nearestBeyond.distanceMetres ?? 0)} away.`),
      h('ol', { className: 'finder-list plain' }, resultCard(answer.nearestBeyond, 1, categories)));
  } else {
    section.append(h('p', { className: 'finder-none' }, answer.online.length
      ? 'No place fits these needs; these meet online:'
      : 'Nothing published fits these needs anywhere in the partnership. Try fewer needs.'));
  }
  if (answer.online.length) {
    const first = (answer.results.length || (answer.nearestBeyond ? 1 : 0)) + 1;
    section.append(h('h3', {}, 'Online'),
      h('ol', { className: 'finder-list plain' }, answer.online.map((item, i) => resultCard(item, first + i, categories))));
  }
  return section;
}
