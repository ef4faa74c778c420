/**
 * The campaign builder: name, approach (with the ethics reminder), scripts with
 * placeholders, rubric, sampling frame and design. One form for a new campaign and for
 * editing a draft; once drawn, only the name and scripts can change (the API's rule), so
 * the other fieldsets are shown but disabled.
 */
import { h } from '../shared/dom';
import type { Approach, CampaignInput, CampaignView, Design, FrameFilters } from '../shared/linkage';
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
      h('div', { className: 'field', 'data-field': 'frame.areaCodes' },
        h('label', { for: 'f-areaCodes' }, 'Areas (LSOA codes, separated by commas) ', h('span', { className: 'optional' }, '(optional)')),
        h('input', { type: 'text', id: 'f-areaCodes', name: 'areaCodes', value: frame.areaCodes.join(', ') }))),
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
        h('input', { type: 'number', id: 'f-maxContacts', name: 'maxContacts', min: 1, value: design.maxContactsPerService ?? '', inputmode: 'numeric' }))),
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
    areaCodes: value('areaCodes').split(/[\s,]+/).filter(Boolean),
  };
  const strata = readStrata(form);
  body.design = {
    strata,
    excludeSameOrganisation: form.querySelector<HTMLInputElement>('#f-excludeSameOrganisation')!.checked,
    excludeSameSite: form.querySelector<HTMLInputElement>('#f-excludeSameSite')!.checked,
    maxContactsPerService: number('maxContacts') ?? null,
  };
  // With strata the API takes their sum as the number of pairs.
  const pairCount = number('pairCount');
  if (!strata.length && pairCount !== undefined) body.design.pairCount = pairCount;
  return body;
}
