/**
 * The sample-size planner: expected rate, wanted half-width of the 95% interval, expected
 * share of unreachable services and design effect → how many pairs to draw (the API's
 * Wilson-based plan). "Use this" copies the figure into the design.
 */
import { apiGet, describeError } from '../shared/api';
import { append, clear, h } from '../shared/dom';
import type { SampleSizePlan } from '../shared/linkage';

export function renderPlanner(usePairs: ((n: number) => void) | null): HTMLElement {
  const output = h('div', { className: 'planner-output', 'aria-live': 'polite' });
  const field = (id: string, label: string, value: string, hint: string, attrs: Record<string, string>) =>
    h('div', { className: 'field', 'data-field': id },
      h('label', { for: `plan-${id}` }, label),
      h('p', { className: 'hint', id: `plan-${id}-hint` }, hint),
      h('input', { type: 'number', id: `plan-${id}`, value, step: 'any', inputmode: 'decimal', 'aria-describedby': `plan-${id}-hint`, ...attrs }));
  const form = h('form', { className: 'planner', novalidate: true, 'aria-labelledby': 'planner-heading' },
    h('h3', { id: 'planner-heading' }, 'How many pairs? (sample-size planner)'),
    field('rate', 'Expected rate (%)', '50', 'Your best guess of the rate; 50% is the safest.', { min: '1', max: '99' }),
    field('halfWidth', 'Wanted precision (± percentage points)', '10', 'Half the width of the 95% interval.', { min: '0.5', max: '50' }),
    field('unreachable', 'Expected unreachable services (%)', '20', 'Services you expect not to reach at all.', { min: '0', max: '95' }),
    field('designEffect', 'Design effect', '1', 'Above 1 when each service is called for several pairs (answers cluster).', { min: '1', max: '10' }),
    h('div', { className: 'button-row' }, h('button', { type: 'submit', className: 'secondary' }, 'Plan')),
    output);
  const num = (id: string) => Number(form.querySelector<HTMLInputElement>(`#plan-${id}`)!.value);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const plan = await apiGet<SampleSizePlan>('/api/linkage/sample-size', {
        rate: num('rate') / 100, halfWidth: num('halfWidth') / 100, unreachable: num('unreachable') / 100, designEffect: num('designEffect'),
      });
      clear(output);
      append(output, [
        h('p', { className: 'plan-result' },
          `Draw ${plan.pairsForReachedRates} pairs to know the rates among reached services to ±${num('halfWidth')} points `
          + `(${plan.reachedNeeded} reached pairs needed), or ${plan.pairsForClosedRates} for the rates among all closed pairs.`),
        usePairs ? h('button', { type: 'button', className: 'secondary', onclick: () => usePairs(plan.pairsForReachedRates) }, `Use ${plan.pairsForReachedRates} pairs`) : null]);
    } catch (err) {
      output.replaceChildren(h('p', { className: 'field-error' }, describeError(err)));
    }
  });
  return form;
}
