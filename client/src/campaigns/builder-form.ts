/**
 * The campaign builder: name, approach (with the ethics reminder), scripts with
 * placeholders, rubric, sampling frame and design. One form for a new campaign and for
 * editing a draft; once drawn, only the name and scripts can change (the API's rule), so
 * the other fieldsets are shown but disabled.
 */
import { apiGet } from '../shared/api';
import { h } from '../shared/dom';
import type { Approach, CampaignInput, CampaignList, CampaignView, Design, FrameFilters, RateKey } from '../shared/linkage';
import { RATE_KEY_LABELS } from '../results/comparison';
import type { Vocabulary } from '../shared/types';
import { readStrata, renderStrataRows } from './strata-rows';

export const PLACEHOLDERS = ['{A.name}', '{A.category}', '{A.organisation}', '{B.name}', '{B.category}', '{B.organisation}'];

const APPROACH_TEXT: Record<Approach, { label: string; ethics: string }> = {
  disclosed: {
    label: 'Disclosed: the caller says this is a linkage test for the partnership',
    ethics: 'Services are told who is calling and why. Tell services beforehand that the partnership will run these calls.',
  },
  simulated_enquiry: {
    label: 'Simulated enquiry: the caller asks as a member of the public or a professional would',
    ethics: 'Services are not told it is a test. This needs the partnership’s written sign-off and an ethics review before any call '
      + '(see the method document); never give a real person’s details, and end the call if asked who you are.',
  },
};

export function renderBuilderForm(campaign: CampaignView | null, vocab: Vocabulary): HTMLFormElement {
  const drawn = !!campaign && campaign.status !== 'draft';
  const closed = campaign?.status === 'closed';
  const design: Design = campaign?.design ?? { pairCount: 60, strata: [], excludeSameOrganisation: true, excludeSameSite: true, maxContactsPerService: null };
  const frame: FrameFilters = campaign?.frame ?? { categories: [], whoFor: [], organisationKinds: [], areaCodes: [] };
  const approach = campaign?.approach ?? 'disclosed';
  const checks = (name: string, terms: { code: string; label: string }[], chosen: string[]) =>
    h('div', { className: 'checks' }, terms.map((t) =>
      h('label', { className: 'check', for: `f-${name}-${t.code}` },
        h('input', { type: 'checkbox', id: `f-${name}-${t.code}`, name, value: t.code, checked: chosen.includes(t.code) }), t.label)));

  const form = h('form', { id: 'builder-form', className: 'builder', novalidate: true, 'aria-labelledby': 'builder-heading' },
    h('h2', { id: 'builder-heading' }, campaign ? `Design: ${campaign.name}` : 'New campaign'),
    closed ? h('p', { className: 'hint' }, 'This campaign is closed: its design is kept as it was run, read-only.') : null,
    h('div', { className: 'field', 'data-field': 'name' },
      h('label', { for: 'f-name' }, 'Campaign name'),
      h('input', { type: 'text', id: 'f-name', name: 'name', value: campaign?.name ?? '', required: true, maxlength: 200 })),
    h('fieldset', { 'data-field': 'approach', disabled: drawn },
      h('legend', {}, 'Approach'),
      (Object.keys(APPROACH_TEXT) as Approach[]).map((a) => h('div', {},
        h('label', { className: 'check', for: `f-approach-${a}` },
          h('input', { type: 'radio', id: `f-approach-${a}`, name: 'approach', value: a, checked: a === approach, 'aria-describedby': `f-approach-${a}-ethics` }),
          APPROACH_TEXT[a].label),
        h('p', { className: 'hint ethics', id: `f-approach-${a}-ethics` }, APPROACH_TEXT[a].ethics)))),
    h('fieldset', { 'data-field': 'scripts' },
      h('legend', {}, 'Call scripts'),
      h('p', { className: 'hint', id: 'scripts-hint' }, `Placeholders filled for each call: ${PLACEHOLDERS.join(' ')}. Leave a script blank to use the default.`),
      (['disclosed', 'simulated_enquiry'] as Approach[]).map((a) => h('div', { className: 'field', 'data-field': `scripts.${a}` },
        h('label', { for: `f-script-${a}` }, a === 'disclosed' ? 'Script for disclosed calls' : 'Script for simulated enquiries'),
        h('textarea', { id: `f-script-${a}`, name: `script-${a}`, rows: 4, maxlength: 4000, 'aria-describedby': 'scripts-hint' }, campaign?.scripts[a] ?? '')))),
    h('fieldset', { 'data-field': 'rubric', disabled: drawn },
      h('legend', {}, 'Rubric'),
      drawn ? h('p', { className: 'hint' }, 'Fixed at the draw.') : null,
      h('div', { className: 'field', 'data-field': 'rubric.maxAttempts' },
        h('label', { for: 'f-maxAttempts' }, 'Attempts before a service counts as unreachable'),
        h('input', { type: 'number', id: 'f-maxAttempts', name: 'maxAttempts', min: 1, max: 10, value: campaign?.rubric.maxAttempts ?? 3, inputmode: 'numeric' })),
      h('fieldset', { 'data-field': 'rubric.attemptSpacing', className: 'spacing' },
        h('legend', {}, 'Spacing of repeat attempts (shown to callers)'),
        h('label', { className: 'check', for: 'f-spacing-days' },
          h('input', { type: 'checkbox', id: 'f-spacing-days', name: 'spacingDays', checked: campaign ? !!campaign.rubric.attemptSpacing?.differentDays : true }), 'Each attempt on a different day'),
        h('label', { className: 'check', for: 'f-spacing-times' },
          h('input', { type: 'checkbox', id: 'f-spacing-times', name: 'spacingTimes', checked: campaign ? !!campaign.rubric.attemptSpacing?.differentTimesOfDay : true }), 'Each at a different time of day (morning, afternoon, evening) from the one before')),
      campaign ? h('table', { className: 'data' },
        h('caption', {}, 'Outcome wording (the codes 0–3 do not change)'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Code'), h('th', { scope: 'col' }, 'Label'), h('th', { scope: 'col' }, 'Description'))),
        h('tbody', {}, campaign.rubric.outcomes.map((o) => h('tr', { 'data-field': `rubric.outcomes.${o.code}` },
          h('th', { scope: 'row' }, String(o.code)),
          h('td', {}, h('input', { type: 'text', name: `outcome-label-${o.code}`, value: o.label, 'aria-label': `Label for outcome ${o.code}`, maxlength: 80 })),
          h('td', {}, h('input', { type: 'text', name: `outcome-description-${o.code}`, value: o.description, 'aria-label': `Description for outcome ${o.code}`, maxlength: 300 })))))) : null),
    h('fieldset', { 'data-field': 'frame', disabled: drawn },
      h('legend', {}, 'Sampling frame: published assets that match'),
      h('p', { className: 'hint' }, 'Leave a group unticked for no filter.'),
      h('details', { open: frame.categories.length > 0 }, h('summary', {}, 'Categories'), checks('frame-categories', vocab.categories, frame.categories)),
      h('details', { open: frame.whoFor.length > 0 }, h('summary', {}, 'Who it is for'), checks('frame-whoFor', vocab.whoFor, frame.whoFor)),
      h('details', { open: frame.organisationKinds.length > 0 }, h('summary', {}, 'Kind of organisation'), checks('frame-organisationKinds', vocab.organisationKinds, frame.organisationKinds)),
      renderAreaPicker(frame.areaCodes)),
    h('fieldset', { 'data-field': 'design', disabled: drawn },
      h('legend', {}, 'Design'),
      h('div', { className: 'field', 'data-field': 'design.pairCount' },
        h('label', { for: 'f-pairCount' }, 'Number of pairs (each pair: call A, ask about B)'),
        h('p', { className: 'hint', id: 'f-pairCount-hint' }, 'With strata this is the sum of their counts, filled in for you.'),
        h('input', { type: 'number', id: 'f-pairCount', name: 'pairCount', min: 1, value: design.pairCount, inputmode: 'numeric', 'aria-describedby': 'f-pairCount-hint' })),
      renderStrataRows(design.strata, vocab),
      h('label', { className: 'check', for: 'f-excludeSameOrganisation' },
        h('input', { type: 'checkbox', id: 'f-excludeSameOrganisation', name: 'excludeSameOrganisation', checked: design.excludeSameOrganisation }),
        'Never pair two services run by the same organisation'),
      h('label', { className: 'check', for: 'f-excludeSameSite' },
        h('input', { type: 'checkbox', id: 'f-excludeSameSite', name: 'excludeSameSite', checked: design.excludeSameSite }),
        'Never pair two services at the same place'),
      h('div', { className: 'field', 'data-field': 'design.maxContactsPerService' },
        h('label', { for: 'f-maxContacts' }, 'Most calls to any one service ', h('span', { className: 'optional' }, '(optional)')),
        h('input', { type: 'number', id: 'f-maxContacts', name: 'maxContacts', min: 1, value: design.maxContactsPerService ?? '', inputmode: 'numeric' })),
      h('label', { className: 'check', for: 'f-reciprocal' },
        h('input', { type: 'checkbox', id: 'f-reciprocal', name: 'reciprocal', checked: !!design.reciprocal, 'aria-describedby': 'f-reciprocal-hint' }),
        'Reciprocal pairs: test each drawn pair both ways (A about B, and B about A)'),
      h('p', { className: 'hint', id: 'f-reciprocal-hint' }, 'Needed to estimate reciprocity and for network figures to mean anything; one stratum only, an even number of pairs.'),
      h('div', { className: 'field', 'data-field': 'design.doubleCodingShare' },
        h('label', { for: 'f-doubleCoding' }, 'Share of calls coded by a second caller too (%)'),
        h('input', { type: 'number', id: 'f-doubleCoding', name: 'doubleCoding', min: 0, max: 100, value: Math.round((design.doubleCodingShare ?? 0.1) * 100), inputmode: 'numeric' })),
      h('div', { className: 'field', 'data-field': 'design.primary.metric' },
        h('label', { for: 'f-primary' }, 'Primary rate (named now, fixed at the draw; every other figure is secondary)'),
        h('select', { id: 'f-primary', name: 'primary' }, (Object.keys(RATE_KEY_LABELS) as RateKey[]).map((k) =>
          h('option', { value: k, selected: k === (design.primary?.metric ?? 'information_closed') }, RATE_KEY_LABELS[k])))),
      h('div', { className: 'field', 'data-field': 'design.primary.comparisonWith' },
        h('label', { for: 'f-primaryWith' }, 'Primary comparison: an earlier campaign ', h('span', { className: 'optional' }, '(optional)')),
        comparisonPicker(design.primary?.comparisonWith ?? null, campaign?.id ?? null))),
    closed ? null : h('div', { className: 'button-row' }, h('button', { type: 'submit', id: 'save-campaign' }, campaign ? 'Save changes' : 'Create campaign')),
  );
  // With strata the number of pairs is their sum (the API takes it so): shown, not typed.
  const pairCount = form.querySelector<HTMLInputElement>('#f-pairCount')!;
  const syncPairCount = () => {
    const strata = readStrata(form);
    pairCount.readOnly = strata.length > 0 || drawn;
    if (strata.length) pairCount.value = String(strata.reduce((sum, s) => sum + (Number.isFinite(s.count) ? s.count : 0), 0));
  };
  form.addEventListener('input', syncPairCount);
  form.addEventListener('click', (e) => { if ((e.target as HTMLElement).closest('.strata button')) syncPairCount(); });
  syncPairCount();
  // A closed campaign refuses every change (409 campaign_closed): show it, do not offer it.
  if (closed) form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea').forEach((el) => { el.readOnly = true; });
  return form;
}

/** The form as the API's body. For a drawn campaign only what may still change. */
export function readBuilderForm(form: HTMLFormElement, campaign: CampaignView | null): Partial<CampaignInput> {
  const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | null)?.value.trim() ?? '';
  const ticked = (name: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
  const number = (name: string) => (value(name) === '' ? undefined : Number(value(name)));
  const scripts: Partial<Record<Approach, string>> = {};
  for (const a of ['disclosed', 'simulated_enquiry'] as Approach[]) if (value(`script-${a}`)) scripts[a] = value(`script-${a}`);
  const body: Partial<CampaignInput> = { name: value('name'), scripts };
  if (campaign && campaign.status !== 'draft') return body;
  body.approach = (form.querySelector<HTMLInputElement>('input[name="approach"]:checked')?.value ?? 'disclosed') as Approach;
  body.rubric = { maxAttempts: number('maxAttempts') };
  if (campaign) {
    body.rubric.outcomes = campaign.rubric.outcomes.map((o) => ({ code: o.code, label: value(`outcome-label-${o.code}`), description: value(`outcome-description-${o.code}`) }));
  }
  body.frame = {
    categories: ticked('frame-categories'),
    whoFor: ticked('frame-whoFor'),
    organisationKinds: ticked('frame-organisationKinds'),
    areaCodes: [...form.querySelectorAll<HTMLOptionElement>('#f-areaCodes option:checked')].map((o) => o.value),
  };
  body.rubric.attemptSpacing = {
    differentDays: form.querySelector<HTMLInputElement>('#f-spacing-days')!.checked,
    differentTimesOfDay: form.querySelector<HTMLInputElement>('#f-spacing-times')!.checked,
  };
  const strata = readStrata(form);
  body.design = {
    strata,
    excludeSameOrganisation: form.querySelector<HTMLInputElement>('#f-excludeSameOrganisation')!.checked,
    excludeSameSite: form.querySelector<HTMLInputElement>('#f-excludeSameSite')!.checked,
    maxContactsPerService: number('maxContacts') ?? null,
    reciprocal: form.querySelector<HTMLInputElement>('#f-reciprocal')!.checked,
    doubleCodingShare: (number('doubleCoding') ?? 10) / 100,
    primary: { metric: value('primary') as RateKey, comparisonWith: value('primaryWith') || null },
  };
  // With strata the API takes their sum as the number of pairs.
  const pairCount = number('pairCount');
  if (!strata.length && pairCount !== undefined) body.design.pairCount = pairCount;
  return body;
}

/** Areas picked by name (the API takes LSOA codes): a multiple select filled from /api/areas. */
function renderAreaPicker(chosen: string[]): HTMLElement {
  const select = h('select', { id: 'f-areaCodes', name: 'areaCodes', multiple: true, size: 6, 'aria-describedby': 'f-areaCodes-hint' },
    chosen.map((code) => h('option', { value: code, selected: true }, code)));
  void apiGet<{ features: { properties: { code: string; name: string } }[] }>('/api/areas').then((areas) => {
    const options = areas.features.map((f) => f.properties).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }))
      .map((a) => h('option', { value: a.code, selected: chosen.includes(a.code) }, `${a.name} (${a.code})`));
    select.replaceChildren(...options);
  }).catch(() => { /* the codes already chosen stay listed */ });
  return h('div', { className: 'field', 'data-field': 'frame.areaCodes' },
    h('label', { for: 'f-areaCodes' }, 'Areas ', h('span', { className: 'optional' }, '(optional)')),
    h('p', { className: 'hint', id: 'f-areaCodes-hint' }, 'Pick one or more by name (Ctrl or ⌘ and click, or Shift and the arrow keys, for several).'),
    select);
}

/** Earlier campaigns the primary comparison may name. */
function comparisonPicker(current: string | null, selfId: string | null): HTMLElement {
  const select = h('select', { id: 'f-primaryWith', name: 'primaryWith' }, h('option', { value: '' }, 'None'),
    current ? h('option', { value: current, selected: true }, 'The campaign chosen before') : null);
  void apiGet<CampaignList>('/api/campaigns').then((list) => {
    const options = list.items.filter((c) => c.id !== selfId && c.status !== 'draft').map((c) => h('option', { value: c.id, selected: c.id === current }, c.name));
    select.replaceChildren(h('option', { value: '' }, 'None'), ...options);
  }).catch(() => { /* keeps the current choice */ });
  return select;
}
