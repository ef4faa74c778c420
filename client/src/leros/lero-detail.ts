/**
 * One LERO: its record, what linkage tests found about it (how often services asked about
 * it knew it), the gaps it covers (for those who read gap maps), and for coordinators the
 * edit form (through the organisations API, audited there) and "verified today".
 */
import { apiSend, describeError, ApiError } from '../shared/api';
import { h } from '../shared/dom';
import { announce } from '../shared/status';
import type { Vocabulary } from '../shared/types';
import { labelOf } from '../shared/vocabulary';
import type { LeroPage } from './types';

/** A wide table scrolls inside its own region, which keyboard users can reach and scroll. */
const scrollRegion = (table: HTMLTableElement) =>
  h('div', { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': table.caption?.textContent ?? 'Table' }, table);

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
const people = (v: number) => Math.round(v).toLocaleString('en-GB');
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' }) : 'Never');

function linkageTable(page: LeroPage): HTMLElement {
  const { campaigns, pooled } = page.linkage;
  if (!campaigns.length) return h('p', { className: 'hint' }, 'No linkage test you may read has asked about its services yet.');
  const row = (name: string, reached: number, knew: LeroPage['linkage']['pooled'], header = false) =>
    h('tr', {}, h(header ? 'th' : 'td', header ? { scope: 'row' } : {}, name), h('td', { className: 'num' }, String(reached)), h('td', { className: 'num' }, String(knew.x)),
      h('td', { className: 'num' }, `${pct(knew.estimate)} (${pct(knew.lower)}–${pct(knew.upper)})`));
  return scrollRegion(h('table', { className: 'data' },
    h('caption', {}, 'How often services asked about it knew it (reached calls; 95% Wilson interval)'),
    h('thead', {}, h('tr', {}, ['Campaign', 'Reached', 'Knew it', 'Rate'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, campaigns.map((c) => row(c.campaignName, c.reached, c.knew)), row('All campaigns', pooled.n, pooled, true))));
}

function coverageTable(page: LeroPage): HTMLElement {
  if (!page.coverage) return h('p', { className: 'hint' }, 'Coverage figures are for commissioners, coordinators and researchers.');
  if (!page.coverage.categories.length) return h('p', { className: 'hint' }, 'It runs no published service with a place, so it covers no gap on the map.');
  return scrollRegion(h('table', { className: 'data coverage-table' },
    h('caption', {}, `What its places cover: people within ${page.coverage.threshold.toLocaleString('en-GB')} m, with and without it`),
    h('thead', {}, h('tr', {}, ['Kind of support', 'Its places', 'People covered now', 'Without it', 'Only it reaches', 'Gap cells now', 'Without it'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, page.coverage.categories.map((c) => h('tr', {},
      h('th', { scope: 'row' }, c.label), h('td', { className: 'num' }, String(c.places)), h('td', { className: 'num' }, people(c.populationCovered)),
      h('td', { className: 'num' }, people(c.populationCoveredWithout)), h('td', { className: 'num' }, people(c.onlyReachedByIt)),
      h('td', { className: 'num' }, String(c.gapCellsNow)), h('td', { className: 'num' }, String(c.gapCellsWithout)))))));
}

function editForm(page: LeroPage, vocab: Vocabulary, onSaved: () => void): HTMLElement {
  const select = (id: string, label: string, terms: { code: string; label: string }[], value: string | null, blank: string) =>
    h('div', { className: 'field' }, h('label', { for: id }, label),
      h('select', { id, name: id }, h('option', { value: '' }, blank), terms.map((t) => h('option', { value: t.code, selected: t.code === value }, t.label))));
  const form = h('form', { className: 'lero-edit', 'aria-label': 'Edit this LERO' },
    h('h3', {}, 'Edit'),
    select('edit-stage', 'Stage', vocab.leroStages, page.leroStage, 'Not recorded'),
    select('edit-funding', 'Funding', vocab.commissioningRoutes, page.commissioningRoute, 'Not recorded'),
    select('edit-clero', 'CLERO member', [{ code: 'true', label: 'Yes' }, { code: 'false', label: 'No' }], page.cleroMember === null ? null : String(page.cleroMember), 'Not recorded'),
    h('div', { className: 'field' }, h('label', { for: 'edit-las' }, 'Local authorities served'),
      h('p', { className: 'hint', id: 'edit-las-hint' }, 'ONS codes separated by commas, e.g. E08000033 (Calderdale)'),
      h('input', { type: 'text', id: 'edit-las', 'aria-describedby': 'edit-las-hint', value: page.localAuthoritiesServed.join(', ') })),
    h('p', { className: 'field-error', id: 'edit-error', hidden: true }),
    h('div', { className: 'button-row' }, h('button', { type: 'submit' }, 'Save changes'),
      h('button', { type: 'button', className: 'secondary', onclick: () => void verify() }, 'Mark verified today')));
  const value = (id: string) => (form.querySelector(`#${id}`) as HTMLInputElement | HTMLSelectElement).value;
  const error = form.querySelector('#edit-error') as HTMLElement;
  const fail = (err: unknown) => {
    error.hidden = false;
    error.textContent = `Not saved: ${describeError(err)}`;
    if (!(err instanceof ApiError)) announce(describeError(err), 'error');
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await apiSend('PATCH', `/api/organisations/${page.id}`, {
        leroStage: value('edit-stage') || null, commissioningRoute: value('edit-funding') || null,
        cleroMember: value('edit-clero') === '' ? null : value('edit-clero') === 'true',
        localAuthoritiesServed: value('edit-las').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean),
      });
      announce(`Saved “${page.name}”.`, 'success');
      onSaved();
    } catch (err) {
      fail(err);
    }
  });
  async function verify() {
    try {
      await apiSend('POST', `/api/leros/${page.id}/verify`, {});
      announce(`Marked “${page.name}” as verified today.`, 'success');
      onSaved();
    } catch (err) {
      fail(err);
    }
  }
  return form;
}

export function leroDetail(page: LeroPage, vocab: Vocabulary, canEdit: boolean, onSaved: () => void): HTMLElement[] {
  const fact = (term: string, value: string) => [h('dt', {}, term), h('dd', {}, value)];
  return [
    h('h2', { id: 'lero-detail-heading', tabindex: '-1' }, page.name),
    page.description ? h('p', {}, page.description) : null,
    page.website ? h('p', {}, h('a', { href: page.website, rel: 'noopener noreferrer' }, page.website)) : null,
    h('dl', { className: 'facts' },
      fact('Stage', labelOf(vocab.leroStages, page.leroStage) || 'Not recorded'),
      fact('Serves', page.localAuthorities.map((la) => la.name).join(', ') || 'Not recorded'),
      fact('Funding', labelOf(vocab.commissioningRoutes, page.commissioningRoute) || 'Not recorded'),
      fact('CLERO member', page.cleroMember === null ? 'Not recorded' : page.cleroMember ? 'Yes' : 'No'),
      fact('Last verified', day(page.lastVerifiedAt))),
    h('h3', {}, 'Services and places'),
    page.services.length ? h('ul', {}, page.services.map((s) => h('li', {}, `${s.name} (${labelOf(vocab.categories, s.category)})`))) : h('p', { className: 'hint' }, 'No published services.'),
    page.places.length ? h('ul', {}, page.places.map((p) => h('li', {},
      p.locationPrecision === 'exact' ? [p.venueName ?? 'A place', p.postcode ? `, ${p.postcode}` : ''] : `An area near ${p.postcode ?? 'the partnership'} (exact place withheld)`,
      p.ownPlace ? ' — its own place' : ' — shared with other organisations'))) : null,
    h('h3', {}, 'What linkage tests found'),
    linkageTable(page),
    h('h3', {}, 'Gaps it covers'),
    coverageTable(page),
    canEdit ? editForm(page, vocab, onSaved) : null,
  ].filter((x): x is HTMLElement => x !== null);
}
