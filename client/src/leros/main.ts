/**
 * The LERO register (issue 20): partnership figures, filters, the list, a map of their
 * places and the areas they serve, CSV and GeoJSON, and each LERO's page. Everyone sees
 * published LEROs (sensitive places as their area only); coordinators edit and verify.
 */
import '../shared/styles.css';
import './leros.css';
import { apiGet, describeError, withQuery } from '../shared/api';
import { byId, clear, h } from '../shared/dom';
import type { Page } from '../shared/header';
import { startPage } from '../shared/page';
import { hasRole, REVIEW_ROLES } from '../shared/session';
import { announce } from '../shared/status';
import type { Partnership, Vocabulary } from '../shared/types';
import { labelOf, loadVocabulary } from '../shared/vocabulary';
import { leroDetail } from './lero-detail';
import { createLeroMap, type LeroMap } from './lero-map';
import type { Lero, LeroPage, Register, RegisterQuery } from './types';

// Not yet in the header's menu (the lead adds it); no menu entry is marked current meanwhile.
const PAGE: Page = 'leros';
const LA_NAMES: [string, string][] = [['E08000033', 'Calderdale'], ['E08000034', 'Kirklees'], ['E08000032', 'Bradford'], ['E08000035', 'Leeds'], ['E08000036', 'Wakefield']];

function figures(register: Register, vocab: Vocabulary): HTMLElement {
  const f = register.figures;
  const stat = (value: number, label: string) => h('div', { className: 'stat' }, h('span', { className: 'stat-value' }, String(value)), h('span', { className: 'stat-label' }, label));
  return h('div', {},
    h('div', { className: 'stats' },
      stat(f.working, 'LEROs working in the area'),
      stat(f.commissioned, 'commissioned (directly or sub-contracted)'),
      stat(f.withOwnPlace, 'with a place of their own'),
      stat(f.cleroMembers, 'CLERO members')),
    h('p', { className: 'hint' }, `Funding: ${vocab.commissioningRoutes.map((c) => `${c.label.toLowerCase()} ${f.funding[c.code] ?? 0}`).join(', ')}; not recorded ${f.funding.unknown ?? 0}. `,
      `Of ${register.total} published LEROs.`));
}

function filterForm(vocab: Vocabulary, onChange: (q: RegisterQuery) => void): HTMLFormElement {
  const select = (name: string, label: string, options: [string, string][], any = 'Any') =>
    h('div', { className: 'field' }, h('label', { for: `filter-${name}` }, label),
      h('select', { id: `filter-${name}`, name }, h('option', { value: '' }, any), options.map(([v, l]) => h('option', { value: v }, l))));
  const form = h('form', { id: 'lero-filters', className: 'lero-filters', 'aria-label': 'Filter the register', role: 'search' },
    h('div', { className: 'field' }, h('label', { for: 'filter-q' }, 'Search'), h('input', { type: 'search', id: 'filter-q', name: 'q' })),
    select('stage', 'Stage', vocab.leroStages.map((t) => [t.code, t.label])),
    select('la', 'Serves', LA_NAMES),
    select('funding', 'Funding', vocab.commissioningRoutes.map((t) => [t.code, t.label])),
    select('clero', 'CLERO member', [['true', 'Yes'], ['false', 'No']]),
    select('verified', 'Last verified', [['within_year', 'In the last year'], ['over_year', 'Over a year ago'], ['never', 'Never']]),
    select('sort', 'Sort by', [['stage', 'Most established'], ['funding', 'Funding'], ['verified', 'Longest since verified'], ['services', 'Most services']], 'Name'));
  const read = (): RegisterQuery => Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v !== '').map(([k, v]) => [k, String(v)]));
  form.addEventListener('change', () => onChange(read()));
  form.addEventListener('input', (e) => { if ((e.target as HTMLElement).id === 'filter-q') onChange(read()); });
  form.addEventListener('submit', (e) => { e.preventDefault(); onChange(read()); });
  return form;
}

function list(items: Lero[], vocab: Vocabulary, selectedId: string | null, onSelect: (id: string) => void): HTMLElement {
  if (!items.length) return h('p', {}, 'No LERO matches these filters.');
  return h('ul', { className: 'item-list lero-list' }, items.map((r) => h('li', {},
    h('button', { type: 'button', className: 'item-button', 'aria-current': r.id === selectedId ? 'true' : null, onclick: () => onSelect(r.id) },
      h('span', {},
        h('strong', {}, r.name),
        h('span', { className: 'item-sub' }, [labelOf(vocab.leroStages, r.leroStage) || 'Stage not recorded', labelOf(vocab.commissioningRoutes, r.commissioningRoute) || 'funding not recorded',
          r.cleroMember ? 'CLERO member' : null].filter(Boolean).join(' · ')),
        h('span', { className: 'item-sub' }, `Serves ${r.localAuthorities.map((la) => la.name).join(', ') || '—'} · ${r.services.length} service${r.services.length === 1 ? '' : 's'}, ${r.places.length} place${r.places.length === 1 ? '' : 's'} · verified ${r.lastVerifiedAt ? new Date(r.lastVerifiedAt).toLocaleDateString('en-GB') : 'never'}`))))));
}

async function main(): Promise<void> {
  const start = await startPage(PAGE);
  if (!start) return;
  const canEdit = hasRole(start.me.user, REVIEW_ROLES);
  let vocab: Vocabulary, partnership: Partnership;
  try {
    [vocab, partnership] = await Promise.all([loadVocabulary(), apiGet<Partnership>('/api/partnership')]);
  } catch (err) {
    announce(`The register could not be loaded: ${describeError(err)}`, 'error');
    return;
  }
  let query: RegisterQuery = {};
  let register: Register | null = null;
  let selectedId: string | null = null;
  let map: LeroMap | null = null;
  const detail = byId('lero-detail');

  const draw = () => {
    if (!register) return;
    clear(byId('lero-list'));
    byId('lero-list').append(h('p', { className: 'count' }, `${register.items.length} of ${register.total} LEROs shown`), list(register.items, vocab, selectedId, select));
    map?.show(register.items, selectedId);
  };
  const load = async () => {
    try {
      register = await apiGet<Register>('/api/leros', query);
    } catch (err) {
      announce(`The register could not be loaded: ${describeError(err)}`, 'error');
      return;
    }
    const figuresSection = byId('lero-figures');
    figuresSection.querySelector('.figures-body')?.remove();
    figuresSection.append(h('div', { className: 'figures-body' }, figures(register, vocab)));
    const downloads = byId('lero-downloads');
    clear(downloads);
    downloads.append(
      h('a', { className: 'button', href: withQuery('/api/leros.csv', query), download: 'waymark-leros.csv' }, 'Download CSV'),
      h('a', { className: 'button', href: withQuery('/api/leros.geojson', query), download: 'waymark-leros.geojson' }, 'Download GeoJSON'));
    draw();
  };
  async function select(id: string) {
    selectedId = id;
    // A LERO's page has its own address: /leros.html#<id> opens it.
    history.replaceState(null, '', `#${id}`);
    draw();
    try {
      const page = await apiGet<LeroPage>(`/api/leros/${id}`);
      clear(detail);
      detail.append(...leroDetail(page, vocab, canEdit, () => void load().then(() => select(id))));
      detail.hidden = false;
      (detail.querySelector('#lero-detail-heading') as HTMLElement).focus();
    } catch (err) {
      announce(`That LERO could not be loaded: ${describeError(err)}`, 'error');
    }
  }

  byId('lero-filters').replaceWith(filterForm(vocab, (q) => { query = q; void load(); }));
  map = createLeroMap(byId('lero-map'), start.config, partnership, (id) => void select(id));
  await load();
  const linked = location.hash.slice(1);
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(linked)) await select(linked);
}

void main();
