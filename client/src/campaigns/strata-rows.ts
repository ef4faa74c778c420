/** Strata by category pair (asked category → asked-about category, count), added and removed as rows. */
import { h } from '../shared/dom';
import type { Stratum } from '../shared/linkage';
import type { Vocabulary } from '../shared/types';

export function renderStrataRows(strata: Stratum[], vocab: Vocabulary): HTMLElement {
  const list = h('ol', { className: 'plain strata-rows' });
  let next = 0;
  const categoryOptions = (chosen: string) => [h('option', { value: '' }, 'Choose a category'),
    ...vocab.categories.map((c) => h('option', { value: c.code, selected: c.code === chosen }, c.label))];
  const addRow = (s: Stratum | null) => {
    const n = next++;
    const row = h('li', { className: 'stratum-row', 'data-field': `design.strata.${list.children.length}` },
      h('div', { className: 'field' }, h('label', { for: `f-stratum-${n}-from` }, 'Call a service in'),
        h('select', { id: `f-stratum-${n}-from`, className: 'stratum-from' }, categoryOptions(s?.from ?? ''))),
      h('div', { className: 'field' }, h('label', { for: `f-stratum-${n}-to` }, 'Ask about a service in'),
        h('select', { id: `f-stratum-${n}-to`, className: 'stratum-to' }, categoryOptions(s?.to ?? ''))),
      h('div', { className: 'field', 'data-field': `design.strata.${list.children.length}.count` }, h('label', { for: `f-stratum-${n}-count` }, 'Pairs'),
        h('input', { type: 'number', id: `f-stratum-${n}-count`, className: 'stratum-count', min: 1, value: s?.count ?? '', inputmode: 'numeric' })),
      h('button', { type: 'button', className: 'secondary', onclick: () => { row.remove(); renumber(); } }, 'Remove this stratum'),
    );
    list.append(row);
  };
  // Field-error wrappers follow the row's position, as the API names them (design.strata.N).
  const renumber = () => [...list.children].forEach((row, i) => {
    (row as HTMLElement).dataset.field = `design.strata.${i}`;
    (row.querySelector('.stratum-count')!.parentElement as HTMLElement).dataset.field = `design.strata.${i}.count`;
  });
  strata.forEach(addRow);
  return h('div', { className: 'strata', 'data-field': 'design.strata' },
    h('h3', {}, 'Strata by category pair ', h('span', { className: 'optional' }, '(optional)')),
    h('p', { className: 'hint' }, 'Without strata, pairs are drawn from every ordered pair in the frame.'),
    list,
    h('button', { type: 'button', className: 'secondary', id: 'add-stratum', onclick: () => addRow(null) }, 'Add a stratum'));
}

export function readStrata(form: HTMLFormElement): Stratum[] {
  return [...form.querySelectorAll<HTMLElement>('.stratum-row')].map((row) => ({
    from: row.querySelector<HTMLSelectElement>('.stratum-from')!.value,
    to: row.querySelector<HTMLSelectElement>('.stratum-to')!.value,
    count: Number(row.querySelector<HTMLInputElement>('.stratum-count')!.value),
  }));
}
