/** Opening a review round (coordinators) and recording a view (coordinators; volunteers for people in treatment). */
import { apiGet, apiSend, describeError } from '../shared/api';
import { h } from '../shared/dom';
import type { Asset, Role } from '../shared/types';
import { labelOf } from '../shared/vocabulary';
import type { ReviewVocabulary, RoundDetail } from './types';

function errorLine(form: HTMLElement, err: unknown) {
  const line = form.querySelector('.field-error') as HTMLElement;
  line.hidden = false;
  line.textContent = `Not saved: ${describeError(err)}`;
}

export async function roundForm(v: ReviewVocabulary, onCreated: (id: string) => void): Promise<HTMLElement> {
  const services = (await apiGet<{ items: Asset[] }>('/api/assets', { status: 'published', limit: 1000 })).items;
  const today = new Date().toISOString().slice(0, 10);
  const form = h('form', { className: 'round-form', 'aria-labelledby': 'round-form-heading' },
    h('h2', { id: 'round-form-heading' }, 'Open a review round'),
    h('div', { className: 'field' }, h('label', { for: 'round-title' }, 'Title'), h('input', { type: 'text', id: 'round-title', required: true, value: `Participation review ${today.slice(0, 7)}` })),
    h('div', { className: 'field' }, h('label', { for: 'round-date' }, 'Review date'), h('input', { type: 'date', id: 'round-date', required: true, value: today })),
    h('fieldset', {}, h('legend', {}, 'Perspectives taking part'),
      v.reviewPerspectives.map((p) => h('label', { className: 'check' }, h('input', { type: 'checkbox', name: 'perspective', value: p.code, checked: true }), p.label))),
    h('fieldset', { className: 'service-choices' }, h('legend', {}, `Services in scope (${services.length} published)`),
      h('ul', { className: 'plain' }, services.map((s) => h('li', {}, h('label', { className: 'check' }, h('input', { type: 'checkbox', name: 'service', value: s.id }), s.name))))),
    h('p', { className: 'field-error', hidden: true }),
    h('button', { type: 'submit' }, 'Open the round'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const checked = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
    try {
      const round = await apiSend<RoundDetail>('POST', '/api/participation/rounds', {
        title: (form.querySelector('#round-title') as HTMLInputElement).value, reviewDate: (form.querySelector('#round-date') as HTMLInputElement).value,
        perspectives: checked('perspective'), serviceIds: checked('service'),
      });
      onCreated(round.id);
    } catch (err) {
      errorLine(form, err);
    }
  });
  return form;
}

export function entryForm(round: RoundDetail, v: ReviewVocabulary, role: Role, onSaved: () => void): HTMLElement {
  const perspectives = round.perspectives.filter((p) => role !== 'volunteer' || p === 'people_in_treatment');
  if (!perspectives.length) return h('p', { className: 'hint' }, 'People in treatment are not taking part in this round, so there is nothing for a volunteer to record.');
  const bandOf = (level: string) => v.participationBands.find((b) => b.levels.includes(level))?.label ?? '';
  const form = h('form', { className: 'entry-form', 'aria-labelledby': 'entry-form-heading' },
    h('h2', { id: 'entry-form-heading' }, 'Record a view'),
    role === 'volunteer' ? h('p', { className: 'hint' }, 'You are recording on behalf of people in treatment. Write no one’s name.') : null,
    h('div', { className: 'field' }, h('label', { for: 'entry-perspective' }, 'Perspective'),
      h('select', { id: 'entry-perspective' }, perspectives.map((p) => h('option', { value: p }, labelOf(v.reviewPerspectives, p))))),
    h('div', { className: 'field' }, h('label', { for: 'entry-service' }, 'About'),
      h('select', { id: 'entry-service' }, h('option', { value: '' }, 'The partnership as a whole'), round.services.map((s) => h('option', { value: s.id }, s.name)))),
    h('div', { className: 'field' }, h('label', { for: 'entry-level' }, 'Rung'),
      h('select', { id: 'entry-level' }, v.participationLevels.map((l) => h('option', { value: l.code }, `${l.label} (${bandOf(l.code)})`)))),
    h('div', { className: 'field' }, h('label', { for: 'entry-reason' }, 'Why this rung'), h('textarea', { id: 'entry-reason', required: true, maxlength: 1000 })),
    h('div', { className: 'field' }, h('label', { for: 'entry-example' }, 'An example (optional)'), h('textarea', { id: 'entry-example', maxlength: 1000 })),
    h('p', { className: 'field-error', hidden: true }),
    h('button', { type: 'submit' }, 'Record this view'));
  const value = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement).value;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await apiSend('POST', `/api/participation/rounds/${round.id}/entries`, {
        perspective: value('entry-perspective'), assetId: value('entry-service') || null, level: value('entry-level'),
        reason: value('entry-reason'), example: value('entry-example') || null,
      });
      onSaved();
    } catch (err) {
      errorLine(form, err);
    }
  });
  return form;
}
