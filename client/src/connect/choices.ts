/**
 * "More choices": the needs as ticks, for when plain words are not enough, and the needs
 * the server understood said back in words.
 */
import { h } from '../shared/dom';
import { DAY_NAMES } from '../shared/schedule';
import type { Vocabulary } from '../shared/types';
import { labelOf } from '../shared/vocabulary';
import { DEFAULT_WITHIN_KM, type FinderSearch } from './search-query';
import type { FinderAnswer } from './types';

const MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0];
export const TIMES = [{ code: 'morning', label: 'Morning (from 5 am)' }, { code: 'afternoon', label: 'Afternoon (from noon)' }, { code: 'evening', label: 'Evening (from 5 pm)' }];
const FLAGS = [
  { code: 'free', label: 'Free' },
  { code: 'stepFree', label: 'Step-free access' },
  { code: 'selfReferral', label: 'Can refer themselves (or drop in)' },
  { code: 'online', label: 'Online' },
] as const;
export const REACH_KM = [1, 2, 5, 10, 20];

function ticks(name: string, legend: string, terms: { code: string; label: string }[]) {
  return h('fieldset', { className: 'finder-ticks' }, h('legend', {}, legend),
    terms.map((t) => h('label', { className: 'check' }, h('input', { type: 'checkbox', name, value: t.code }), t.label)));
}

export function renderChoices(vocab: Vocabulary): HTMLElement[] {
  return [
    ticks('category', 'Kind of support', vocab.categories),
    ticks('whoFor', 'Who it is for', vocab.whoFor),
    ticks('days', 'Meets on', MONDAY_FIRST.map((d) => ({ code: String(d), label: DAY_NAMES[d]! }))),
    ticks('times', 'Starts in the', TIMES),
    ticks('flags', 'Must be', FLAGS.map((f) => ({ code: f.code, label: f.label }))),
    h('div', { className: 'field' }, h('label', { for: 'within' }, 'How far (straight line)'),
      h('select', { id: 'within', name: 'withinKm' }, REACH_KM.map((km) => h('option', { value: String(km), selected: km === DEFAULT_WITHIN_KM }, `${km} km`)))),
  ];
}

const checked = (form: HTMLFormElement, name: string) =>
  [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);

export function readChoices(form: HTMLFormElement): Omit<FinderSearch, 'where' | 'needs'> {
  const flags = checked(form, 'flags');
  return {
    category: checked(form, 'category'),
    whoFor: checked(form, 'whoFor'),
    days: checked(form, 'days').map(Number).sort((a, b) => a - b),
    times: checked(form, 'times'),
    free: flags.includes('free'),
    stepFree: flags.includes('stepFree'),
    selfReferral: flags.includes('selfReferral'),
    online: flags.includes('online'),
    withinKm: Number(form.querySelector<HTMLSelectElement>('#within')!.value),
  };
}

export function writeChoices(form: HTMLFormElement, s: FinderSearch): void {
  const tick = (name: string, values: string[]) => {
    for (const i of form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`)) i.checked = values.includes(i.value);
  };
  tick('category', s.category);
  tick('whoFor', s.whoFor);
  tick('days', s.days.map(String));
  tick('times', s.times);
  tick('flags', FLAGS.map((f) => f.code).filter((f) => s[f]));
  const within = form.querySelector<HTMLSelectElement>('#within')!;
  if (!REACH_KM.includes(s.withinKm)) within.append(h('option', { value: String(s.withinKm) }, `${s.withinKm} km`));
  within.value = String(s.withinKm);
}

/** "Looking for: Women · Tuesdays and Thursdays · evenings · free" */
export function understoodWords(answer: FinderAnswer, vocab: Vocabulary): string {
  const n = answer.needs;
  const days = n.days.length === 5 && [1, 2, 3, 4, 5].every((d) => n.days.includes(d)) ? ['weekdays']
    : n.days.length === 2 && n.days.includes(0) && n.days.includes(6) ? ['weekends']
    : MONDAY_FIRST.filter((d) => n.days.includes(d)).map((d) => `${DAY_NAMES[d]}s`);
  const parts = [
    ...n.categories.map((c) => labelOf(vocab.categories, c)),
    ...n.whoFor.map((w) => `for ${labelOf(vocab.whoFor, w)}`),
    ...(days.length ? [days.join(' or ')] : []),
    ...n.times.map((t) => `${t}s`),
    ...FLAGS.filter((f) => n[f.code]).map((f) => f.label.toLowerCase()),
  ];
  return parts.length ? `Looking for: ${parts.join(' · ')}` : 'Looking for: anything published';
}
