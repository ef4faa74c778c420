/**
 * The sidebar's pathway section: pick a campaign (those the viewer may read), see its
 * headline rates, the legend for the arcs and dots, and the same pathways and services as
 * tables (the map's text alternative). The legend doubles as the outcome filter: untick an
 * outcome to take its arcs off the map. The map layers are drawn by layers/pathway-layer.ts.
 */
import { apiGet, describeError } from '../shared/api';
import { h } from '../shared/dom';
import {
  describeRate, mayReadResults, OPEN_COLOUR, OUTCOME_COLOURS, OUTCOME_WORDS, PATHWAY_CASING, percent, RATE_SHADES, STATUS_WORDS, UNREACHABLE_COLOUR,
  type CampaignList, type CampaignResults, type LabelLookup, type PathwayAssetCollection, type PathwayCollection,
} from '../shared/linkage';
import { announce } from '../shared/status';
import type { Role } from '../shared/types';
import { PATHWAY_KEYS, pathwayKey, type PathwayKey } from './layers/pathway-layer';

export type PathwayData = { results: CampaignResults; lines: PathwayCollection; assets: PathwayAssetCollection };
export type PathwayPanelHandlers = {
  /** A campaign chosen (or none). */
  show(data: PathwayData | null): void;
  /** The kinds of arc ticked in the legend. */
  filter(shown: PathwayKey[]): void;
};

export async function renderPathwayPanel(section: HTMLElement, role: Role | null, label: LabelLookup, handlers: PathwayPanelHandlers): Promise<void> {
  const show = handlers.show;
  let list: CampaignList;
  try {
    list = await apiGet<CampaignList>('/api/campaigns');
  } catch (err) {
    section.hidden = true;
    console.warn('Campaigns:', describeError(err));
    return;
  }
  const campaigns = list.items.filter((c) => mayReadResults(c, role));
  if (!campaigns.length) {
    section.hidden = true;
    return;
  }
  const select = h('select', { id: 'pathway-campaign' }, h('option', { value: '' }, 'None'),
    campaigns.map((c) => h('option', { value: c.id }, `${c.name}${c.status === 'in_progress' ? ' (in progress)' : ''}`)));
  const body = h('div', { id: 'pathway-body', 'aria-live': 'polite' });
  section.replaceChildren(
    h('h2', { id: 'pathways-heading' }, 'Pathway strength'),
    h('p', { className: 'hint' }, 'Linkage tests: services were called and asked about others. Show a campaign’s pathways on the map.'),
    h('div', { className: 'field' }, h('label', { for: 'pathway-campaign' }, 'Campaign'), select),
    body);
  section.hidden = false;

  const load = async (id: string) => {
    const url = new URL(location.href);
    if (id) url.searchParams.set('campaign', id);
    else url.searchParams.delete('campaign');
    history.replaceState(null, '', url);
    if (!id) {
      body.replaceChildren();
      show(null);
      return;
    }
    try {
      const base = `/api/campaigns/${encodeURIComponent(id)}`;
      const [results, lines, assets] = await Promise.all([
        apiGet<CampaignResults>(`${base}/results`),
        apiGet<PathwayCollection>(`${base}/pathways.geojson`, { layer: 'lines' }),
        apiGet<PathwayAssetCollection>(`${base}/pathways.geojson`, { layer: 'assets' }),
      ]);
      body.replaceChildren(renderSummary(results, lines, assets, label, handlers.filter));
      show({ results, lines, assets });
      announce(`Showing ${lines.features.length} pathways from ${results.campaign.name}.`);
    } catch (err) {
      announce(`The pathways could not load: ${describeError(err)}`, 'error');
    }
  };
  select.addEventListener('change', () => void load(select.value));
  const wanted = new URLSearchParams(location.search).get('campaign');
  if (wanted && campaigns.some((c) => c.id === wanted)) {
    select.value = wanted;
    await load(wanted);
  }
}

function renderSummary(r: CampaignResults, lines: PathwayCollection, assets: PathwayAssetCollection, label: LabelLookup, filter: (shown: PathwayKey[]) => void): HTMLElement {
  const count = (key: PathwayKey) => lines.features.filter((f) => pathwayKey(f.properties) === key).length;
  const words: Record<PathwayKey, string> = {
    'reached-3': OUTCOME_WORDS[3], 'reached-2': OUTCOME_WORDS[2], 'reached-1': OUTCOME_WORDS[1], 'reached-0': OUTCOME_WORDS[0],
    unreachable: `${STATUS_WORDS.unreachable} (dashed black)`, open: `${STATUS_WORDS.open} (dotted grey)`,
  };
  const swatches: Record<PathwayKey, HTMLElement> = {
    'reached-3': lineSwatch(OUTCOME_COLOURS[3], ''), 'reached-2': lineSwatch(OUTCOME_COLOURS[2], ''), 'reached-1': lineSwatch(OUTCOME_COLOURS[1], ''),
    'reached-0': lineSwatch(OUTCOME_COLOURS[0], ''), unreachable: lineSwatch(UNREACHABLE_COLOUR, '6 4'), open: lineSwatch(OPEN_COLOUR, '1 4'),
  };
  const boxes = PATHWAY_KEYS.filter((key) => key !== 'open' || count(key) > 0).map((key) => {
    const box = h('input', { type: 'checkbox', id: `pathway-show-${key}`, value: key, checked: true });
    box.addEventListener('change', () => filter(boxes.filter((b) => b.box.checked).map((b) => b.key)));
    return { key, box };
  });
  return h('div', {},
    h('dl', { className: 'pathway-rates', id: 'pathway-rates' },
      h('dt', {}, 'Reached'), h('dd', { 'data-metric': 'reach' }, describeRate(r.rates.reach)),
      h('dt', {}, 'Gave contact details or more (of closed pairs)'), h('dd', { 'data-metric': 'information_amongClosed' }, describeRate(r.rates.amongClosed.information)),
      h('dt', {}, 'Gave referral information (of closed pairs)'), h('dd', { 'data-metric': 'referral_amongClosed' }, describeRate(r.rates.amongClosed.referral))),
    h('p', {}, h('a', { href: `/results.html?id=${encodeURIComponent(r.campaign.id)}` }, 'All the results for this campaign')),
    h('fieldset', { className: 'pathway-legend', id: 'pathway-filter' },
      h('legend', {}, 'Each line is one call: the arrow points from the service we called to the service we asked them about. Its colour is what they told us. Untick to hide.'),
      h('ul', { className: 'plain' }, boxes.map(({ key, box }) =>
        h('li', {}, h('label', { className: 'check', for: box.id }, box, swatches[key], ` ${words[key]} (${count(key)})`)))),
      h('p', { className: 'hint' }, 'Dots: how well other services know this one (when asked about it, how often the service called knew it).'),
      h('ul', { className: 'heat-legend plain' }, RATE_SHADES.map((c, i) => h('li', {}, dotSwatch(c, false), ` ${i * 20}–${(i + 1) * 20}%`)),
        h('li', {}, dotSwatch('#ffffff', false), ' not asked about'), h('li', {}, dotSwatch('#ffffff', true), ' called, never reached'))),
    h('details', { className: 'table-view' }, h('summary', {}, `The ${lines.features.length} pathways as a table`),
      h('table', { className: 'data' },
        h('thead', {}, h('tr', {}, ['Pair', 'Called (A)', 'Asked about (B)', 'Result'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, [...lines.features].sort((a, b) => a.properties.pairNumber - b.properties.pairNumber).map((f) => h('tr', {},
          h('th', { scope: 'row', className: 'num' }, f.properties.pairNumber),
          h('td', {}, f.properties.aName), h('td', {}, f.properties.bName),
          h('td', {}, f.properties.status === 'reached' && f.properties.outcome !== null ? OUTCOME_WORDS[f.properties.outcome] : STATUS_WORDS[f.properties.status])))))),
    h('details', { className: 'table-view' }, h('summary', {}, `The ${assets.features.length} services as a table`),
      h('table', { className: 'data' },
        h('thead', {}, h('tr', {}, ['Service', 'Known by others', 'Reached'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, assets.features.map((f) => h('tr', {},
          h('th', { scope: 'row' }, f.properties.name, h('span', { className: 'item-sub' }, label(f.properties.category))),
          h('td', { className: 'num' }, f.properties.in.n ? `${percent(f.properties.in.estimate)} (${f.properties.in.x}/${f.properties.in.n})` : 'not asked about'),
          h('td', { className: 'num' }, f.properties.contactedUnreachable ? 'never reached' : f.properties.reach.n ? `${f.properties.reach.x}/${f.properties.reach.n}` : '–')))))));
}

function lineSwatch(colour: string, dash: string): HTMLElement {
  const span = h('span', { className: 'swatch' });
  const casing = dash ? '' : `<line x1="2" y1="7" x2="34" y2="7" stroke="${PATHWAY_CASING}" stroke-width="6" stroke-linecap="round"/>`;
  span.innerHTML = `<svg width="36" height="14" aria-hidden="true">${casing}<line x1="2" y1="7" x2="34" y2="7" stroke="${colour}" stroke-width="${dash ? 3 : 4}" stroke-linecap="${dash ? 'butt' : 'round'}"${dash ? ` stroke-dasharray="${dash}"` : ''}/></svg>`;
  return span;
}

function dotSwatch(fill: string, ring: boolean): HTMLElement {
  const span = h('span', { className: 'swatch' });
  span.innerHTML = `<svg width="24" height="24" aria-hidden="true"><circle cx="12" cy="12" r="6" fill="${fill}" stroke="#1a1a1a" stroke-width="1.5"/>${ring ? `<circle cx="12" cy="12" r="10" fill="none" stroke="${UNREACHABLE_COLOUR}" stroke-width="2.5"/>` : ''}</svg>`;
  return span;
}
