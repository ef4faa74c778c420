/**
 * The drawn pairs, for the campaign team: filter, page through, tick pairs and assign them
 * to a caller (or assign the next N unassigned in one go), or take them back.
 */
import { apiGet, apiSend, describeError } from '../shared/api';
import { h } from '../shared/dom';
import { STATUS_WORDS, type AssignResult, type Caller, type CampaignView, type LabelLookup, type PairPage, type PairView } from '../shared/linkage';
import { announce } from '../shared/status';

const PAGE = 100;

export function renderPairsPanel(campaign: CampaignView, label: LabelLookup, changed: () => void): HTMLElement {
  const editable = campaign.status === 'in_progress';
  const table = h('div', { className: 'pairs-table', 'aria-live': 'polite' });
  const statusFilter = h('select', { id: 'pairs-status' },
    h('option', { value: '' }, 'Any status'), ...(['open', 'reached', 'unreachable', 'declined'] as const).map((s) => h('option', { value: s }, STATUS_WORDS[s])));
  const callerFilter = h('select', { id: 'pairs-caller' }, h('option', { value: '' }, 'Any caller'), h('option', { value: 'none' }, 'Not assigned'));
  const callerSelect = h('select', { id: 'assign-caller' }, h('option', { value: '' }, 'Choose a caller'));
  const countInput = h('input', { type: 'number', id: 'assign-count', min: 1, value: 10, inputmode: 'numeric' });
  let offset = 0;
  let page: PairPage | null = null;

  const load = async () => {
    try {
      page = await apiGet<PairPage>(`/api/campaigns/${campaign.id}/pairs`, { status: statusFilter.value, callerId: callerFilter.value, limit: PAGE, offset });
      table.replaceChildren(renderTable(page, label, editable));
    } catch (err) {
      table.replaceChildren(h('p', { className: 'field-error' }, describeError(err)));
    }
  };
  const ticked = () => [...table.querySelectorAll<HTMLInputElement>('input.pick:checked')].map((i) => i.value);
  const assign = async (body: { callerId: string | null; pairIds?: string[]; count?: number }) => {
    try {
      const result = await apiSend<AssignResult>('POST', `/api/campaigns/${campaign.id}/assignments`, body);
      const who = body.callerId ? callerSelect.selectedOptions[0]?.textContent ?? 'the caller' : 'nobody';
      announce(body.callerId ? `${result.assigned} pair(s) assigned to ${who}.` : `${result.assigned} pair(s) unassigned.`, 'success');
      await load();
      changed();
    } catch (err) {
      announce(`Assigning failed: ${describeError(err)}`, 'error');
    }
  };
  const chosenCaller = () => {
    if (!callerSelect.value) announce('Choose a caller first.', 'error');
    return callerSelect.value || null;
  };
  if (editable) {
    void apiGet<{ items: Caller[] }>('/api/linkage/callers').then((r) => {
      for (const c of r.items) {
        const text = `${c.displayName} (${c.role})`;
        callerSelect.append(h('option', { value: c.id }, text));
        callerFilter.append(h('option', { value: c.id }, c.displayName));
      }
    }, (err) => announce(`Callers could not load: ${describeError(err)}`, 'error'));
  }
  statusFilter.addEventListener('change', () => { offset = 0; void load(); });
  callerFilter.addEventListener('change', () => { offset = 0; void load(); });
  void load();

  return h('section', { className: 'panel', 'aria-labelledby': 'pairs-heading' },
    h('h3', { id: 'pairs-heading' }, 'Pairs'),
    editable ? h('fieldset', { className: 'assign' },
      h('legend', {}, 'Assign to a caller'),
      h('div', { className: 'field' }, h('label', { for: 'assign-caller' }, 'Caller'), callerSelect),
      h('div', { className: 'button-row' },
        h('button', { type: 'button', id: 'assign-selected', onclick: () => { const c = chosenCaller(); if (c) void assign({ callerId: c, pairIds: ticked() }); } }, 'Assign the ticked pairs'),
        h('button', { type: 'button', className: 'secondary', onclick: () => void assign({ callerId: null, pairIds: ticked() }) }, 'Unassign the ticked pairs')),
      h('div', { className: 'field inline-field' },
        h('label', { for: 'assign-count' }, 'Or assign the next unassigned pairs, this many:'), countInput,
        h('button', { type: 'button', id: 'assign-next', onclick: () => { const c = chosenCaller(); if (c) void assign({ callerId: c, count: Number(countInput.value) }); } }, 'Assign next'))) : null,
    h('div', { className: 'button-row filters-row' },
      h('label', { for: 'pairs-status' }, 'Show'), statusFilter,
      h('label', { for: 'pairs-caller' }, 'Assigned to'), callerFilter),
    table,
    h('div', { className: 'button-row' },
      h('button', { type: 'button', className: 'secondary', onclick: () => { if (offset > 0) { offset = Math.max(0, offset - PAGE); void load(); } } }, 'Previous page'),
      h('button', { type: 'button', className: 'secondary', onclick: () => { if (page && offset + PAGE < page.total) { offset += PAGE; void load(); } } }, 'Next page')));
}

function renderTable(page: PairPage, label: LabelLookup, editable: boolean): HTMLElement {
  if (!page.items.length) return h('p', {}, 'No pairs match.');
  const row = (p: PairView) => h('tr', { 'data-pair-id': p.id },
    editable ? h('td', {}, p.status === 'open'
      ? h('input', { type: 'checkbox', className: 'pick', value: p.id, 'aria-label': `Pair ${p.pairNumber}` })
      : '') : null,
    h('th', { scope: 'row', className: 'num' }, p.pairNumber),
    h('td', {}, p.a.name, h('span', { className: 'item-sub' }, label(p.a.category))),
    h('td', {}, p.b.name, h('span', { className: 'item-sub' }, label(p.b.category))),
    h('td', {}, STATUS_WORDS[p.status]),
    h('td', { className: 'num' }, p.outcome ?? '–'),
    h('td', {}, p.caller?.displayName ?? 'not assigned'),
    h('td', { className: 'num' }, p.attempts.length, p.spacingKept === false ? h('span', { className: 'item-sub' }, 'spacing rule not kept') : null),
    h('td', {}, !p.doubleCode ? '–' : p.secondCoding ? `coded twice (${p.secondCoding.outcome})` : p.status === 'reached' ? 'to code twice' : 'set aside'),
    h('td', {}, p.attempts.filter((t) => t.note).map((t) => h('div', { className: 'note' }, t.note!))));
  return h('div', { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': 'Drawn pairs' },
    h('p', {}, `Pairs ${page.offset + 1}–${page.offset + page.items.length} of ${page.total}.`),
    h('table', { className: 'data' },
      h('caption', { className: 'visually-hidden' }, 'Drawn pairs'),
      h('thead', {}, h('tr', {}, editable ? h('th', { scope: 'col' }, 'Pick') : null,
        ...['Pair', 'Call (A)', 'Ask about (B)', 'Status', 'Outcome', 'Caller', 'Attempts', 'Second coding', 'Notes'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, page.items.map(row))));
}
