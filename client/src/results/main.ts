/**
 * Results of one linkage campaign: headline rates with interval bars and tables, strata
 * and the weighted estimate, the category-pair heatmap, each service, the network, a
 * before/after comparison and the exports. Anyone may read a published campaign; the
 * commissioner a closed one; the campaign team any drawn one. The API already leaves out
 * notes and callers, so this page cannot show them.
 */
import '../shared/styles.css';
import './results.css';
import { apiGet, describeError } from '../shared/api';
import { byId, clear, h } from '../shared/dom';
import { startPage } from '../shared/page';
import { CAMPAIGN_TEAM_ROLES, hasRole } from '../shared/session';
import { announce } from '../shared/status';
import { mayReadResults, percent, type CampaignList, type CampaignListItem, type CampaignResultsV2 as CampaignResults, type LabelLookup, type RateSet, type Interval, type Rate, type RateKey } from '../shared/linkage';
import { renderMethodSection, renderSentences } from './method';
import type { User } from '../shared/types';
import { labelOf, loadVocabulary } from '../shared/vocabulary';
import { renderComparison } from './comparison';
import { renderHeatmap } from './heatmap';
import { renderAssets, renderNetwork } from './network-and-assets';
import { interval, renderRateFigure, scrollBox, type RateRow } from './rate-chart';

export function headlineRows(rates: RateSet<Rate>, boot: RateSet<Interval> | null, among: 'amongReached' | 'amongClosed', primary: RateKey | null = null): RateRow[] {
  const of = among === 'amongReached' ? 'of reached' : 'of closed';
  const suffix = among === 'amongReached' ? 'reached' : 'closed';
  const role = (metric: RateKey) => (primary === null ? undefined : metric === primary ? 'primary' as const : 'secondary' as const);
  return [
    ...(among === 'amongClosed' ? [{ key: 'reach', label: 'Reached', rate: rates.reach, bootstrap: boot?.reach ?? null, role: role('reach') }] : []),
    { key: `knew_${among}`, label: `Knew of B (${of})`, rate: rates[among].knew, bootstrap: boot?.[among].knew ?? null, role: role(`knew_${suffix}`) },
    { key: `information_${among}`, label: `Contact details or more (${of})`, rate: rates[among].information, bootstrap: boot?.[among].information ?? null, role: role(`information_${suffix}`) },
    { key: `referral_${among}`, label: `Referral information (${of})`, rate: rates[among].referral, bootstrap: boot?.[among].referral ?? null, role: role(`referral_${suffix}`) },
  ];
}

/** The rows' RateKeys, in the order headlineRows gives them. */
const SENTENCE_KEYS: Record<'amongReached' | 'amongClosed', RateKey[]> = {
  amongClosed: ['reach', 'knew_closed', 'information_closed', 'referral_closed'],
  amongReached: ['knew_reached', 'information_reached', 'referral_reached'],
};

async function main(): Promise<void> {
  const start = await startPage('results');
  if (!start) return;
  const user = start.me.user;
  const picker = byId<HTMLSelectElement>('campaign-picker');
  const container = byId('results');
  let list: CampaignList, label: LabelLookup;
  try {
    const [l, vocab] = await Promise.all([apiGet<CampaignList>('/api/campaigns'), loadVocabulary()]);
    list = { items: l.items.filter((c) => mayReadResults(c, user?.role ?? null)) };
    label = (code) => labelOf(vocab.categories, code);
  } catch (err) {
    announce(`Results could not load: ${describeError(err)}`, 'error');
    return;
  }
  for (const c of list.items) picker.append(h('option', { value: c.id }, `${c.name}${c.status === 'in_progress' ? ' (in progress)' : ''}`));
  if (!list.items.length) container.append(h('p', {}, user ? 'No campaign results you can read yet.' : 'No published results yet. Researchers may sign in to see their campaigns.'));

  const show = async (id: string) => {
    history.replaceState(null, '', id ? `?id=${encodeURIComponent(id)}` : location.pathname);
    clear(container);
    if (!id) return;
    try {
      const results = await apiGet<CampaignResults>(`/api/campaigns/${encodeURIComponent(id)}/results`);
      container.replaceChildren(...renderResults(results, label, user, list.items.filter((c) => c.id !== id && c.status === 'closed')));
      document.title = `${results.campaign.name}: pathway results · Waymark`;
      container.dataset.loaded = results.campaign.id;
    } catch (err) {
      announce(`These results could not load: ${describeError(err)}`, 'error');
    }
  };
  picker.addEventListener('change', () => void show(picker.value));
  const wanted = new URLSearchParams(location.search).get('id');
  if (wanted) {
    picker.value = wanted;
    await show(wanted);
  }
}

function renderResults(r: CampaignResults, label: LabelLookup, user: User | null, others: CampaignListItem[]): HTMLElement[] {
  const c = r.counts;
  const base = `/api/campaigns/${encodeURIComponent(r.campaign.id)}`;
  const mayCsv = hasRole(user, CAMPAIGN_TEAM_ROLES) || (user?.role === 'commissioner' && r.campaign.status === 'closed');
  const primary = r.method?.estimands.primary?.metric ?? null;
  return [
    h('section', { 'aria-labelledby': 'summary-heading', className: 'results-section' },
      h('h2', { id: 'summary-heading' }, r.campaign.name),
      h('p', { className: 'counts' },
        `${r.campaign.status === 'closed' ? 'Closed' : 'In progress (interim results)'} · ${c.pairs} pairs drawn: `,
        `${c.reached} reached, ${c.unreachable} could not be reached, ${r.method ? `${r.method.declined} declined to take part, ` : ''}${c.open} still open (${r.method ? 'declined and open pairs are' : 'open pairs are'} left out of the rates). `,
        `Seed ${r.campaign.seed ?? '–'}; ${r.campaign.approach === 'disclosed' ? 'disclosed calls' : 'simulated enquiries'}.`),
      h('p', { className: 'headline' }, `Of ${r.rates.reach.n} closed pairs, the service called was reached in ${percent(r.rates.reach.estimate)} `
        + `and gave at least contact details for the other in ${percent(r.rates.amongClosed.information.estimate)}.`)),
    h('section', { 'aria-labelledby': 'rates-heading', className: 'results-section', id: 'rates' },
      h('h2', { id: 'rates-heading' }, 'Rates'),
      h('p', { className: 'hint' }, `The bootstrap intervals resample the ${r.bootstrap.clusters} services called (${r.bootstrap.resamples} resamples, seed ${r.bootstrap.seed}), `
        + 'because one service answers for several pairs; where they are wider than the Wilson intervals, trust them more.'),
      renderRateFigure('rates-closed', 'Among all closed pairs (an unreachable service is a broken pathway)', headlineRows(r.rates, r.bootstrap.intervals, 'amongClosed', primary)),
      renderSentences(sentenceRows(r, 'amongClosed'), primary),
      renderRateFigure('rates-reached', 'Among reached pairs', headlineRows(r.rates, r.bootstrap.intervals, 'amongReached', primary)),
      renderSentences(sentenceRows(r, 'amongReached'), primary)),
    renderMethodSection(r),
    r.stratified ? renderStrata(r, label) : null,
    renderHeatmap(r.matrix, label),
    renderAssets(r.assets, label, r.method?.perService ?? null),
    renderNetwork(r.network, r.method?.networkInformative ?? null),
    renderComparison(r.campaign.id, others),
    h('section', { 'aria-labelledby': 'exports-heading', className: 'results-section' },
      h('h2', { id: 'exports-heading' }, 'Download'),
      h('ul', { className: 'exports' },
        mayCsv ? [
          h('li', {}, h('a', { href: `${base}/export/pairs.csv`, download: '' }, 'Pairs (CSV, one row per pair)')),
          h('li', {}, h('a', { href: `${base}/export/attempts.csv`, download: '' }, 'Attempts (CSV, one row per attempt)')),
          h('li', {}, h('a', { href: `${base}/export/codebook.csv`, download: '' }, 'Codebook (CSV: every column and code)')),
        ] : null,
        h('li', {}, h('a', { href: `${base}/export/summary.json`, download: '' }, 'Summary (JSON)')),
        h('li', {}, h('a', { href: `${base}/pathways.geojson`, download: '' }, 'Pathways for GIS (GeoJSON lines, A → B)')),
        h('li', {}, h('a', { href: `/?campaign=${encodeURIComponent(r.campaign.id)}` }, 'See the pathways on the map')))),
  ].filter((e): e is HTMLElement => e !== null);
}

function renderStrata(r: CampaignResults, label: LabelLookup): HTMLElement {
  const w = r.weighted;
  const name = (code: string | null) => (code ? label(code) : 'any');
  return h('section', { 'aria-labelledby': 'strata-heading', className: 'results-section' },
    h('h2', { id: 'strata-heading' }, 'Strata'),
    w ? h('p', { className: 'weighted' }, `Weighted by each stratum’s share of possible pairs: reached ${percent(w.reach.estimate)} (95% CI ${interval(w.reach)}), `
      + `contact details or more (of closed) ${percent(w.amongClosed.information.estimate)} (95% CI ${interval(w.amongClosed.information)}); `
      + `unweighted ${percent(w.reach.unweighted.estimate)} and ${percent(w.amongClosed.information.unweighted.estimate)}.`) : null,
    scrollBox('Each stratum', h('table', { className: 'data strata-table' },
      h('caption', {}, 'Each stratum'),
      h('thead', {}, h('tr', {}, ['Called', 'Asked about', 'Possible pairs', 'Weight', 'Drawn', 'Closed', 'Reached', 'CI', 'Contact details+ (of closed)', 'CI'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, r.strata.map((s) => h('tr', { 'data-stratum': s.key },
        h('th', { scope: 'row' }, name(s.from)), h('td', {}, name(s.to)),
        h('td', { className: 'num' }, s.possiblePairs), h('td', { className: 'num' }, s.weight.toFixed(3)),
        h('td', { className: 'num' }, s.drawn), h('td', { className: 'num' }, s.closed),
        h('td', { className: 'num' }, percent(s.rates.reach.estimate)), h('td', { className: 'num' }, interval(s.rates.reach)),
        h('td', { className: 'num' }, percent(s.rates.amongClosed.information.estimate)), h('td', { className: 'num' }, interval(s.rates.amongClosed.information))))))));
}

function sentenceRows(r: CampaignResults, among: 'amongReached' | 'amongClosed'): { metric: RateKey; rate: Rate }[] {
  const rates = [r.rates.reach, r.rates[among].knew, r.rates[among].information, r.rates[among].referral];
  const keys = SENTENCE_KEYS[among];
  return among === 'amongClosed' ? keys.map((metric, i) => ({ metric, rate: rates[i] })) : keys.map((metric, i) => ({ metric, rate: rates[i + 1] }));
}

void main();
