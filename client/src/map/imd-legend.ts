/** The key for the deprivation shading: ten swatches, most deprived first. */
import { h } from '../shared/dom';
import { IMD_DECILE_COLOURS } from './layers/imd-scale';

export function renderImdLegend(): HTMLElement {
  return h('figure', { className: 'imd-legend', hidden: true },
    h('figcaption', {}, 'Index of Multiple Deprivation 2019 decile'),
    h('ol', { className: 'imd-scale' }, IMD_DECILE_COLOURS.map((colour, i) =>
      h('li', { style: `--swatch:${colour}`, title: `Decile ${i + 1}` }, String(i + 1)))),
    h('p', { className: 'hint' }, '1 = the most deprived 10% of areas in England; 10 = the least.'));
}
