/**
 * Recording one attempt: when, how, what happened and, once the service was reached, the
 * outcome in plain words (the campaign's rubric, 0–3). The outcome question appears only
 * when it applies, because the API refuses an outcome for a failed attempt.
 */
import { h } from '../shared/dom';
import { type AttemptInput, type AttemptMode, type AttemptResult, type OutcomeCode, type WorklistItem } from '../shared/linkage';
import { MODE_WORDS, MODES_IN_ORDER, REACHING, RESULT_WORDS, RESULTS_IN_ORDER } from '../shared/linkage';

export type AttemptFormHandlers = { submit(item: WorklistItem, input: AttemptInput): void };

export function renderAttemptForm(item: WorklistItem, attemptNumber: number, notesReminder: string, handlers: AttemptFormHandlers): HTMLFormElement {
  const id = (name: string) => `${name}-${item.pairId}`;
  // Only a service told what the call is for can decline (the API refuses it otherwise).
  const resultChoices = RESULTS_IN_ORDER.filter((r) => r !== 'declined' || item.approach === 'disclosed').map((r) =>
    h('label', { className: 'check', for: id(`result-${r}`) },
      h('input', { type: 'radio', name: id('result'), id: id(`result-${r}`), value: r, required: true }), RESULT_WORDS[r]));
  const outcomeSet = h('fieldset', { className: 'outcome-choices', hidden: true, 'data-field': 'outcome' },
    h('legend', {}, `What could they tell you about ${item.b.name}?`),
    item.rubric.map((o) =>
      h('label', { className: 'check', for: id(`outcome-${o.code}`) },
        h('input', { type: 'radio', name: id('outcome'), id: id(`outcome-${o.code}`), value: String(o.code) }),
        h('span', {}, h('strong', {}, o.label), h('span', { className: 'item-sub' }, o.description)))));
  // Referral information with or without contact details: recorded apart (issue 21, item 12).
  const contactSet = h('fieldset', { className: 'contact-choices', hidden: true, 'data-field': 'gaveContact' },
    h('legend', {}, `Did they also give contact details for ${item.b.name} (phone, email, address or website)?`),
    [['yes', 'Yes, contact details too'], ['no', 'No: referral advice only, no contact details']].map(([v, words]) =>
      h('label', { className: 'check', for: id(`contact-${v}`) },
        h('input', { type: 'radio', name: id('contact'), id: id(`contact-${v}`), value: v }), words)));
  const form = h('form', { className: 'attempt-form', novalidate: true, 'aria-label': `Record attempt ${attemptNumber} for pair ${item.pairNumber}` },
    h('h4', {}, `Record attempt ${attemptNumber} of ${item.maxAttempts}`),
    h('div', { className: 'field', 'data-field': 'attemptedAt' },
      h('label', { for: id('when') }, 'When'),
      h('input', { type: 'datetime-local', id: id('when'), name: 'when', value: localNow(), required: true })),
    h('div', { className: 'field', 'data-field': 'mode' },
      h('label', { for: id('mode') }, 'How'),
      h('select', { id: id('mode'), name: 'mode' }, MODES_IN_ORDER.map((m) => h('option', { value: m }, MODE_WORDS[m])))),
    h('fieldset', { 'data-field': 'result' }, h('legend', {}, 'What happened'), resultChoices),
    outcomeSet,
    contactSet,
    h('div', { className: 'field', 'data-field': 'note' },
      h('label', { for: id('note') }, 'Note ', h('span', { className: 'optional' }, '(optional)')),
      h('p', { className: 'hint', id: id('note-hint') }, notesReminder),
      h('textarea', { id: id('note'), name: 'note', rows: 2, maxlength: 1000, 'aria-describedby': id('note-hint') })),
    h('p', { className: 'field-error form-problem', hidden: true, role: 'alert' }),
    h('div', { className: 'button-row' }, h('button', { type: 'submit' }, 'Save this attempt')),
  );
  form.addEventListener('change', () => {
    const result = checkedValue(form, id('result')) as AttemptResult | null;
    outcomeSet.hidden = !(result && REACHING.includes(result));
    contactSet.hidden = outcomeSet.hidden || checkedValue(form, id('outcome')) !== '3';
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const problem = form.querySelector<HTMLElement>('.form-problem')!;
    const read = readAttempt(form, id);
    problem.hidden = !('problem' in read);
    if ('problem' in read) {
      problem.textContent = read.problem;
      return;
    }
    handlers.submit(item, read.input);
  });
  return form;
}

function readAttempt(form: HTMLFormElement, id: (n: string) => string): { input: AttemptInput } | { problem: string } {
  const when = form.querySelector<HTMLInputElement>(`#${id('when')}`)!.value;
  const at = when ? new Date(when) : null;
  if (!at || Number.isNaN(at.getTime())) return { problem: 'Say when you made this attempt.' };
  if (at.getTime() > Date.now() + 5 * 60_000) return { problem: 'The time of the attempt cannot be in the future.' };
  const result = checkedValue(form, id('result')) as AttemptResult | null;
  if (!result) return { problem: 'Choose what happened.' };
  const outcome = checkedValue(form, id('outcome'));
  const reached = REACHING.includes(result);
  if (reached && outcome === null) return { problem: 'You reached them: choose what they could tell you.' };
  const note = form.querySelector<HTMLTextAreaElement>(`#${id('note')}`)!.value.trim();
  const input: AttemptInput = {
    attemptedAt: at.toISOString(),
    mode: form.querySelector<HTMLSelectElement>(`#${id('mode')}`)!.value as AttemptMode,
    result,
  };
  if (reached) input.outcome = Number(outcome) as OutcomeCode;
  if (reached && outcome === '3') {
    const contact = checkedValue(form, id('contact'));
    if (contact === null) return { problem: 'Say whether they gave contact details too.' };
    input.gaveContact = contact === 'yes';
    input.gaveReferral = true;
  }
  if (note) input.note = note;
  return { input };
}

function checkedValue(form: HTMLFormElement, name: string): string | null {
  return form.querySelector<HTMLInputElement>(`input[name="${CSS.escape(name)}"]:checked`)?.value ?? null;
}

/** Now, as a datetime-local input wants it (local time, to the minute). */
function localNow(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
