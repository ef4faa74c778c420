/**
 * The filter form beside the map. Categories (which double as the legend), who-for and
 * peer-led filter the loaded points in the browser; the text search goes to the server,
 * which also searches descriptions and tags.
 */
import { debounce, h } from '../shared/dom';
import { categorySwatch } from '../shared/palette';
import type { AssetPointProperties, Vocabulary } from '../shared/types';

export type FilterState = {
  categories: Set<string>;
  whoFor: Set<string>;
  peerLed: 'any' | 'yes' | 'no';
};

export type FilterHandlers = {
  onFilterChange(state: FilterState): void;
  onSearch(text: string): void;
  onAreasToggle(visible: boolean): void;
};

export function matchesFilters(p: AssetPointProperties, state: FilterState): boolean {
  if (!state.categories.has(p.category)) return false;
  if (state.whoFor.size && !p.whoFor.some((w) => state.whoFor.has(w))) return false;
  if (state.peerLed === 'yes' && !p.peerLed) return false;
  if (state.peerLed === 'no' && p.peerLed) return false;
  return true;
}

export function renderFilters(form: HTMLFormElement, vocab: Vocabulary, areasAvailable: boolean, areasLegend: HTMLElement, handlers: FilterHandlers): FilterState {
  const state: FilterState = { categories: new Set(vocab.categories.map((c) => c.code)), whoFor: new Set(), peerLed: 'any' };
  const changed = () => handlers.onFilterChange(state);
  form.addEventListener('submit', (e) => e.preventDefault());

  const search = h('input', { type: 'search', id: 'filter-q', name: 'q', autocomplete: 'off' });
  const runSearch = debounce((text: string) => handlers.onSearch(text.trim()), 350);
  search.addEventListener('input', () => runSearch(search.value));

  const categoryBoxes = vocab.categories.map((c) => {
    const box = h('input', { type: 'checkbox', id: `filter-cat-${c.code}`, value: c.code, checked: true });
    box.addEventListener('change', () => {
      if (box.checked) state.categories.add(c.code);
      else state.categories.delete(c.code);
      changed();
    });
    return h('label', { className: 'check', for: box.id }, box, categorySwatch(c.code), c.label);
  });
  const setAllCategories = (on: boolean) => {
    for (const label of categoryBoxes) {
      const box = label.querySelector('input')!;
      box.checked = on;
      if (on) state.categories.add(box.value);
      else state.categories.delete(box.value);
    }
    changed();
  };

  const whoForBoxes = vocab.whoFor.map((w) => {
    const box = h('input', { type: 'checkbox', id: `filter-who-${w.code}`, value: w.code });
    box.addEventListener('change', () => {
      if (box.checked) state.whoFor.add(w.code);
      else state.whoFor.delete(w.code);
      changed();
    });
    return h('label', { className: 'check', for: box.id }, box, w.label);
  });

  const peerLed = h('select', { id: 'filter-peer-led', name: 'peerLed' },
    h('option', { value: 'any' }, 'Any'),
    h('option', { value: 'yes' }, 'Peer-led only'),
    h('option', { value: 'no' }, 'Not peer-led'));
  peerLed.addEventListener('change', () => {
    state.peerLed = peerLed.value as FilterState['peerLed'];
    changed();
  });

  const areasBox = h('input', { type: 'checkbox', id: 'filter-areas', disabled: !areasAvailable });
  areasBox.addEventListener('change', () => {
    areasLegend.hidden = !areasBox.checked;
    handlers.onAreasToggle(areasBox.checked);
  });

  form.append(
    h('div', { className: 'field' },
      h('label', { for: search.id }, 'Search'),
      h('p', { className: 'hint', id: 'filter-q-hint' }, 'Names, descriptions and organisations'),
      search),
    // The key is open by default where there is room for it (desktop), folded on phones.
    h('details', { open: window.matchMedia('(min-width: 900px)').matches },
      h('summary', {}, 'Categories and map key'),
      h('fieldset', { className: 'category-filter' },
        h('legend', { className: 'visually-hidden' }, 'Show these categories'),
        h('div', { className: 'button-row compact' },
          h('button', { type: 'button', className: 'link-button', onclick: () => setAllCategories(true) }, 'Show all'),
          h('button', { type: 'button', className: 'link-button', onclick: () => setAllCategories(false) }, 'Show none')),
        categoryBoxes,
        h('p', { className: 'hint' }, 'Squares are services; circles are community and peer assets.'))),
    h('details', {},
      h('summary', {}, 'Who it is for'),
      h('fieldset', {},
        h('legend', { className: 'visually-hidden' }, 'Only assets for'),
        h('p', { className: 'hint' }, 'Tick any: assets for at least one of them are shown.'),
        whoForBoxes)),
    h('div', { className: 'field' }, h('label', { for: peerLed.id }, 'Peer-led'), peerLed),
    h('div', { className: 'field' },
      h('label', { className: 'check', for: areasBox.id }, areasBox, 'Shade areas by deprivation (IMD 2019)'),
      areasAvailable ? null : h('p', { className: 'hint' }, 'No area statistics are loaded for this partnership yet.'),
      areasLegend),
  );
  search.setAttribute('aria-describedby', 'filter-q-hint');
  return state;
}
