/** Before/after: two campaigns' rates, the difference with its Newcombe interval, and R's prop.test p-value. */
import { apiGet, describeError } from '../shared/api';
import { h } from '../shared/dom';
import { scrollBox } from './rate-chart';
import { percent, type CampaignComparison, type CampaignListItem, type RateKey } from '../shared/linkage';

export const RATE_KEY_LABELS: Record<RateKey, string> = {
  reach: 'Reached',
  knew_reached: 'Knew of B (of reached)',
  information_reached: 'Gave contact details or more (of reached)',
  referral_reached: 'Gave referral information (of reached)',
  knew_closed: 'Knew of B (of closed)',
  information_closed: 'Gave contact details or more (of closed)',
  referral_closed: 'Gave referral information (of closed)',
};

export function renderComparison(afterId: string, others: CampaignListItem[]): HTMLElement {
  const select = h('select', { id: 'compare-with' }, h('option', { value: '' }, 'Choose an earlier campaign'),
    others.map((c) => h('option', { value: c.id }, c.name)));
  const out = h('div', { 'aria-live': 'polite' });
  select.addEventListener('change', async () => {
    if (!select.value) return out.replaceChildren();
    try {
      const cmp = await apiGet<MarkedComparison>(`/api/campaigns/${encodeURIComponent(afterId)}/comparison`, { with: select.value });
      out.replaceChildren(comparisonTable(cmp));
    } catch (err) {
      out.replaceChildren(h('p', { className: 'field-error' }, describeError(err)));
    }
  });
  return h('section', { 'aria-labelledby': 'comparison-heading', className: 'results-section' },
    h('h2', { id: 'comparison-heading' }, 'Compare with an earlier campaign'),
    others.length ? [h('div', { className: 'field inline-field' }, h('label', { for: 'compare-with' }, 'Before'), select), out]
      : h('p', {}, 'No other campaign with results to compare with.'));
}

/** What the API adds to each comparison (issue 21): rows marked by the pre-specified estimand, and whether the designs match. */
type MarkedComparison = Omit<CampaignComparison, 'rows'> & {
  rows: (CampaignComparison['rows'][number] & { role?: 'primary' | 'secondary' })[];
  comparable?: { ok: boolean; warning: string | null };
};

function comparisonTable(cmp: MarkedComparison): HTMLElement {
  const table = comparisonRows(cmp);
  return cmp.comparable && !cmp.comparable.ok ? h('div', {}, h('p', { className: 'warning comparability', role: 'note' }, cmp.comparable.warning), table) : table;
}

function comparisonRows(cmp: MarkedComparison): HTMLElement {
  const points = (v: number | null) => (v === null ? '–' : `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`);
  return scrollBox('Comparison table', h('table', { className: 'data comparison-table' },
    h('caption', {}, `${cmp.after.name} (after) compared with ${cmp.before.name} (before)`),
    h('thead', {}, h('tr', {}, ['Measure', 'Before', 'After', 'Difference (points)', 'Newcombe 95% CI (points)', 'p (χ² test)'].map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, cmp.rows.map((r) => h('tr', { 'data-metric': r.metric },
      h('th', { scope: 'row' }, RATE_KEY_LABELS[r.metric], r.role ? h('span', { className: `estimand ${r.role}` }, r.role === 'primary' ? ' primary' : ' secondary') : null),
      h('td', { className: 'num' }, `${percent(r.before.estimate)} (${r.before.x}/${r.before.n})`),
      h('td', { className: 'num' }, `${percent(r.after.estimate)} (${r.after.x}/${r.after.n})`),
      h('td', { className: 'num' }, points(r.difference.estimate)),
      h('td', { className: 'num' }, r.difference.lower === null ? '–' : `${points(r.difference.lower)} to ${points(r.difference.upper)}`),
      h('td', { className: 'num' }, r.pValue === null ? '–' : r.pValue < 0.001 ? '< 0.001' : r.pValue.toFixed(3)))))));
}

